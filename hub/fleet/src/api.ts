/**
 * The fleet page's only way to the hub: its JSON API under /fleet/api. Every POST carries the
 * session's CSRF token in `X-CSRF-Token` (fetched once from /fleet/api/csrf); the admin cookie
 * goes along by itself (same origin, path /fleet).
 */
import type {
  AcknowledgedHelpCalls,
  CreatedCode,
  FleetError,
  Overview,
  SessionsPage,
  SharedStore,
} from '../../src/fleet-overview.ts';

/** A refusal: the page shows it by `code` in its language (i18n.tsx), the English `message` aside. */
export class FleetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Whether `message` is the hub's own (English) words, not the page's fallback. */
    readonly fromHub: boolean,
  ) {
    super(message);
  }
}

export async function answer<T>(res: Response): Promise<T> {
  if (res.status === 401) {
    // Signed out (expired, or signed out elsewhere): /fleet shows the sign-in form.
    window.location.assign('/fleet');
  }
  const body = (await res.json().catch(() => null)) as T | FleetError | null;
  if (!res.ok || body === null) {
    const error = (body as FleetError | null)?.error;
    throw new FleetApiError(
      res.status,
      error?.code ?? 'hub_error',
      error?.message ?? `The hub answered ${res.status}. Try again.`,
      typeof error?.message === 'string',
    );
  }
  return body as T;
}

let csrf: Promise<string> | null = null;
export const csrfToken = (): Promise<string> => {
  csrf ??= fetch('/fleet/api/csrf', { credentials: 'same-origin' })
    .then((res) => answer<{ csrf: string }>(res))
    .then((b) => b.csrf)
    .catch((error: unknown) => {
      csrf = null;
      throw error;
    });
  return csrf;
};

export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': await csrfToken() },
    body: JSON.stringify(body),
  });
  return answer<T>(res);
}

export const fleetApi = {
  overview: async (): Promise<Overview> =>
    answer<Overview>(await fetch('/fleet/api/overview', { credentials: 'same-origin' })),
  /** One store's sessions older than the last one shown. */
  sessionsPage: async (store: string, last: { created: number; id: string }): Promise<SessionsPage> =>
    answer<SessionsPage>(
      await fetch(
        `/fleet/api/sessions?store=${encodeURIComponent(store)}&before=${encodeURIComponent(`${last.created}:${last.id}`)}`,
        { credentials: 'same-origin' },
      ),
    ),
  revoke: (stationId: string) =>
    post<{ revoked: true }>(`/fleet/api/stations/${encodeURIComponent(stationId)}/revoke`, {}),
  setShareStore: (stationId: string, share: boolean) =>
    post<SharedStore>(`/fleet/api/stations/${encodeURIComponent(stationId)}/share-store`, { share }),
  acknowledgeHelpCalls: (stationId: string, ids: readonly string[]) =>
    post<AcknowledgedHelpCalls>(`/fleet/api/stations/${encodeURIComponent(stationId)}/help-calls/ack`, {
      ids,
    }),
  createCode: (input: { store: string; name: string; kind: string }) =>
    post<CreatedCode>('/fleet/api/enrollment-codes', input),
  signOut: async (): Promise<void> => {
    await fetch('/fleet/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': await csrfToken() },
    });
    window.location.assign('/fleet');
  },
};

export type { CreatedCode, Overview };
