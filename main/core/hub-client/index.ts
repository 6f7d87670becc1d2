/** The hub-client room's door: what the rest of the app may use of it. */
export {
  createHubCredentials,
  hubHost,
  hubRevokedError,
  type HubConnection,
  type HubCredentials,
} from './hub-credentials.ts';
export { createHubAuditUpload, type HubAuditUpload } from './hub-audit.ts';
export { enrollStation } from './hub-enroll.ts';
export { createRevocation, hubGateway } from './hub-gateway.ts';
export { startHubLink, type HubLink, type HubLinkOptions } from './hub-link.ts';
export { hubStatusOf, type HubInfo } from './hub-status.ts';
