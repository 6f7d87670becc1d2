/**
 * The station's hub connection: the hub's URL, the station the hub enrolled it as, and the
 * station token. All three are kept as ONE keychain item (service `Countersign`, account `hub`),
 * so connecting and disconnecting are single writes that cannot leave half a connection behind,
 * and the token — a bearer secret that can create verifications and read verified results —
 * is never on disk, never logged and never sent to a renderer.
 */
import { z } from 'zod';
import { CountersignError } from '../../../contract/errors.ts';
import { STATION_TOKEN_PREFIX, stationSchema, type StationInfo } from '../../../contract/hub-api.ts';
import { isAllowedHubUrl } from '../../../contract/ipc.ts';
import { toKeychainError, type Keychain } from '../keychain/index.ts';

const HUB_ACCOUNT = 'hub';

export interface HubConnection {
  /** The hub's address as staff entered it (an origin: see isAllowedHubUrl). */
  url: string;
  token: string;
  station: StationInfo;
}

const connectionSchema = z
  .object({
    url: z.string().refine(isAllowedHubUrl),
    token: z.string().startsWith(STATION_TOKEN_PREFIX).max(500),
    station: stationSchema,
  })
  .strict();

export interface HubCredentials {
  /** The stored connection, or null when none (or one that cannot be read as one) is stored. */
  read(): Promise<HubConnection | null>;
  save(connection: HubConnection): Promise<void>;
  /** True when a connection was there and is now gone. */
  remove(): Promise<boolean>;
}

export function createHubCredentials(options: { keychain: Keychain; service: string }): HubCredentials {
  const { keychain, service } = options;
  return {
    async read() {
      let raw: string | null;
      try {
        raw = await keychain.getPassword(service, HUB_ACCOUNT);
      } catch (error) {
        throw toKeychainError(error, { operation: 'read', account: HUB_ACCOUNT });
      }
      if (raw === null) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return null;
      }
      const checked = connectionSchema.safeParse(parsed);
      // Edited outside Countersign: treated as no hub, so Settings offers to connect again.
      return checked.success ? checked.data : null;
    },
    async save(connection) {
      const value = JSON.stringify(connectionSchema.parse(connection));
      try {
        await keychain.setPassword(service, HUB_ACCOUNT, value);
      } catch (error) {
        throw toKeychainError(error, { operation: 'store', account: HUB_ACCOUNT, secret: connection.token });
      }
    },
    async remove() {
      try {
        return await keychain.deletePassword(service, HUB_ACCOUNT);
      } catch (error) {
        throw toKeychainError(error, { operation: 'remove', account: HUB_ACCOUNT });
      }
    },
  };
}

/** The hub's address for people: its host (and port), never a path or a token. */
export function hubHost(url: string): string {
  return new URL(url).host;
}

/** One of the hub's own endpoints (HUB_PATHS) at its address. */
export function hubEndpoint(base: string, path: string): string {
  return new URL(path, new URL(base).origin).toString();
}

export const HUB_UNREACHABLE_MESSAGE = (host: string) =>
  `Cannot reach the hub at ${host}. Check the address and the network; queued verifications wait and are sent when it answers.`;
export const HUB_REVOKED_MESSAGE =
  'The hub no longer accepts this station (it was revoked or removed). Ask the hub’s administrator for a new enrollment code, then connect again in Settings. Queued verifications are kept.';

export function hubRevokedError(): CountersignError {
  return new CountersignError('hub_station_revoked', HUB_REVOKED_MESSAGE, {
    text: { id: 'hub_revoked', params: {} },
  });
}
