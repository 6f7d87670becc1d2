/**
 * What staff read when a queued creation is refused for good. The title says why, from the
 * error's code, in the page's language; Stripe's own reason is English, so only an English
 * console shows it (another language gets the catalogue's words, never a mix).
 */
import { ERROR_CODES, type ErrorCode, type ErrorPayload } from '../../../contract/errors.ts';
import type { EventPayload } from '../../../contract/ipc.ts';
import { localError } from '../shared/local-error.ts';
import { i18n } from '../shared/i18n/index.ts';

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function queuedFailure(
  item: Pick<EventPayload<'outbox.item'>, 'reference' | 'code' | 'message'>,
): ErrorPayload {
  const code: ErrorCode = item.code !== null && KNOWN.has(item.code) ? (item.code as ErrorCode) : 'internal';
  const text =
    item.message && i18n.language === 'en'
      ? i18n.t('staff:notice.queued_failed_because', { reference: item.reference, reason: item.message })
      : i18n.t('staff:notice.queued_failed', { reference: item.reference });
  return localError(code, text);
}
