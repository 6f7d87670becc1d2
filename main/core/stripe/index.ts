/** The stripe room's door: what the rest of the app may use of it. */
export { createConnectivity, type Connectivity } from './connectivity.ts';
export {
  createGateway,
  isRequestInProgress,
  type ApiTarget,
  type CreatedSession,
  type Gateway,
  type SessionCreateParams,
  type StripeEvent,
  type VerificationReport,
  type VerificationSession,
} from './gateway.ts';
export { maskKey, normalizeKey, parseKey, type KeyMode } from './key-format.ts';
