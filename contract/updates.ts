/**
 * The station's updates as the staff window sees them (in `app.status`): a step of
 * electron-updater in main, and when a downloaded update will install. Imports nothing outside
 * contract/.
 */
import { z } from 'zod';

export const UPDATE_PHASES = ['checking', 'downloading', 'ready', 'failed'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];

export const updateStateSchema = z
  .object({
    phase: z.enum(UPDATE_PHASES),
    /** The version offered (downloading, ready), if known. */
    version: z.string().max(64).nullable(),
    /** A ready update: tonight (a kiosk, after its opening hours) or once no verification is open. */
    installs: z.enum(['tonight', 'when_idle']).nullable(),
    /** A failure's code (electron-updater's, e.g. ERR_CHECKSUM_MISMATCH), for the log. */
    code: z.string().max(64).nullable().optional(),
  })
  .strict();
export type UpdateState = z.output<typeof updateStateSchema>;

/** The feed URL a station without a hub reads (Settings); https only (or this machine for tests). */
export function isAllowedUpdateFeedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}
