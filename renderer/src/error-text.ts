/**
 * What a person sees when a call fails. Each typed error code gets a title that says what kind
 * of problem it is; the message main wrote is kept when it is already written for people (the
 * core's messages are), since it often names the field or the next step.
 */
import type { ErrorCode, ErrorPayload } from '../../contract/ipc.ts';

interface ErrorText {
  title: string;
  /** Used when main sent no message worth showing. */
  fallback: string;
}

const TEXT: Readonly<Record<ErrorCode, ErrorText>> = {
  keychain_unavailable: {
    title: 'The system keychain is not available',
    fallback:
      'Countersign cannot reach the keychain to read the Stripe key. Check that the keyring service is running.',
  },
  keychain_locked: {
    title: 'The keychain is locked',
    fallback: 'Unlock the keychain (for example by logging in again), then try again.',
  },
  keychain_refused: {
    title: 'The keychain refused access',
    fallback: 'Allow Countersign to use the keychain when the system asks, then try again.',
  },
  key_malformed: {
    title: 'That is not a Stripe secret key',
    fallback:
      'Paste the key from the Stripe Dashboard: it starts with sk_test_, sk_live_, rk_test_ or rk_live_.',
  },
  key_missing: {
    title: 'No Stripe key is set',
    fallback: 'Enter a Stripe key in Settings.',
  },
  stripe_authentication: {
    title: 'Stripe did not accept the key',
    fallback: 'The key may have been rolled or deleted. Enter a current key in Settings.',
  },
  stripe_permission: {
    title: 'The key is not allowed to do this',
    fallback: 'Give the restricted key Identity permissions in the Stripe Dashboard, or use another key.',
  },
  stripe_rate_limit: {
    title: 'Stripe asked us to slow down',
    fallback: 'Too many requests at once. Wait a few seconds and try again.',
  },
  stripe_invalid_request: {
    title: 'Stripe refused the request',
    fallback: 'Check the details entered and try again.',
  },
  stripe_idempotency: {
    title: 'This request was already sent with other details',
    fallback: 'Start a new verification instead of repeating this one.',
  },
  stripe_connection: {
    title: 'No connection to Stripe',
    fallback:
      'Check the network. Nothing is lost: new verifications wait in the queue until the connection is back.',
  },
  stripe_api: {
    title: 'Stripe had a problem',
    fallback: 'Stripe could not complete the request. Try again in a moment.',
  },
  hub_unreachable: {
    title: 'The hub cannot be reached',
    fallback: 'Check the hub’s address and the network. Queued verifications are sent when it answers.',
  },
  hub_code_invalid: {
    title: 'The enrollment code was not accepted',
    fallback: 'Ask the hub’s administrator for a new enrollment code.',
  },
  hub_station_revoked: {
    title: 'The hub no longer accepts this station',
    fallback: 'Ask the hub’s administrator for a new enrollment code, then connect again in Settings.',
  },
  session_not_found: {
    title: 'Verification not found',
    fallback: 'This verification no longer exists. Refresh the list.',
  },
  invalid_state: {
    title: 'Not possible right now',
    fallback: 'The verification has moved on since this screen was drawn. Look at its current status.',
  },
  attempts_exhausted: {
    title: 'No attempts left',
    fallback: 'This verification has used all its attempts. Start a new one if needed.',
  },
  invalid_input: {
    title: 'Some details need fixing',
    fallback: 'Check the highlighted fields.',
  },
  store_corrupt: {
    title: 'The local records were damaged',
    fallback: 'Countersign restored what it could. If something is missing, contact your administrator.',
  },
  store_write_failed: {
    title: 'Could not save on this computer',
    fallback: 'The disk may be full or read-only. Free some space and try again.',
  },
  internal: {
    title: 'Something went wrong',
    fallback: 'Try again; if it keeps happening, restart Countersign.',
  },
};

export interface ShownError {
  title: string;
  message: string;
}

export function describeError(error: ErrorPayload): ShownError {
  const text = Object.hasOwn(TEXT, error.code) ? TEXT[error.code] : TEXT.internal;
  const message = typeof error.message === 'string' ? error.message.trim() : '';
  return { title: text.title, message: message !== '' ? message : text.fallback };
}
