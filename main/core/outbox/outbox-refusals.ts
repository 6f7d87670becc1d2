/**
 * What staff read when a queued creation cannot be withdrawn: it was sent already (cancel the
 * session instead), it is on its way (wait, then cancel), or it is not in the queue at all.
 */
import { CountersignError } from '../../../contract/errors.ts';

export type WithdrawRefusal = 'already_sent' | 'in_flight' | 'missing';

/**
 * Why a queued creation may not be withdrawn now, or null: it may. The drain marks an item in
 * flight before its first await, so this check and the removal after it happen with no request
 * for it on its way: it is withdrawn before it is sent, or not at all. Tries whose connection
 * was refused (no network) sent nothing and do not count.
 */
export function withdrawRefusal(
  item: { attemptedOnline?: boolean } | undefined,
  state: { inFlight: boolean; mayHaveArrived: boolean } | undefined,
  sent: () => boolean,
): WithdrawRefusal | null {
  if (!item) return sent() ? 'already_sent' : 'missing';
  if (state?.inFlight || state?.mayHaveArrived || item.attemptedOnline) return 'in_flight';
  return null;
}

export function withdrawRefused(why: WithdrawRefusal): CountersignError {
  switch (why) {
    case 'already_sent':
      return new CountersignError(
        'invalid_state',
        'This verification was sent to Stripe already. Cancel it instead.',
        {
          text: { id: 'queued_already_sent', params: {} },
        },
      );
    case 'in_flight':
      return new CountersignError(
        'invalid_state',
        'Countersign has already sent this creation to Stripe, so it can no longer be withdrawn. Wait for it and cancel it then.',
        { text: { id: 'queued_in_flight', params: {} } },
      );
    case 'missing':
      return new CountersignError('session_not_found', 'This creation is not in the queue.', {
        text: { id: 'queued_missing', params: {} },
      });
  }
}
