/**
 * Enrollment: the station exchanges the hub's URL and a one-time code for its station token
 * (`POST /hub/v1/enroll`, no auth). Every way it can fail becomes a typed error that says what
 * to do: the hub cannot be reached, the code is not (or no longer) valid, or the hub answered
 * something that is not a hub's answer.
 */
import { CountersignError } from '../../../contract/errors.ts';
import { enrollResponseSchema, hubErrorSchema, HUB_PATHS } from '../../../contract/hub-api.ts';
import { hubEndpoint, hubHost, HUB_UNREACHABLE_MESSAGE, type HubConnection } from './hub-credentials.ts';

export interface EnrollOptions {
  url: string;
  code: string;
  appVersion: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

export async function enrollStation(options: EnrollOptions): Promise<HubConnection> {
  const host = hubHost(options.url);
  let response: Response;
  try {
    response = await fetch(hubEndpoint(options.url, HUB_PATHS.enroll), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ code: options.code, appVersion: options.appVersion.slice(0, 64) }),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new CountersignError('hub_unreachable', HUB_UNREACHABLE_MESSAGE(host), {
      retryable: true,
      detail: { host },
      text: { id: 'hub_unreachable', params: { host } },
      cause: error,
    });
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: judged by the status below.
  }
  if (response.ok) {
    const parsed = enrollResponseSchema.safeParse(body);
    if (parsed.success) return { url: options.url, token: parsed.data.token, station: parsed.data.station };
    throw notAHub(host, response.status);
  }
  const error = hubErrorSchema.safeParse(body);
  const code = error.success ? error.data.error.code : undefined;
  if (code === 'enrollment_code_invalid' || (response.status === 400 && error.success)) {
    throw new CountersignError(
      'hub_code_invalid',
      'The hub did not accept this enrollment code: it is unknown, already used or expired. Ask the hub’s administrator for a new code.',
      { detail: { host, status: response.status }, text: { id: 'hub_code_refused', params: {} } },
    );
  }
  if (response.status === 429 || response.status >= 500) {
    throw new CountersignError(
      'hub_unreachable',
      `The hub at ${host} could not enroll this station right now (HTTP ${response.status}). Try again in a moment.`,
      {
        retryable: true,
        detail: { host, status: response.status },
        text: { id: 'hub_busy', params: { host, status: response.status } },
      },
    );
  }
  throw notAHub(host, response.status);
}

function notAHub(host: string, status: number): CountersignError {
  return new CountersignError(
    'hub_unreachable',
    `The server at ${host} did not answer as a Countersign Hub (HTTP ${status}). Check the hub’s address.`,
    { detail: { host, status }, text: { id: 'hub_not_a_hub', params: { host, status } } },
  );
}
