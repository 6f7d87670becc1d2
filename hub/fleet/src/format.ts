/** Times as the hub's admin reads them everywhere: UTC, to the second. */
export const utc = (ms: number | null): string =>
  ms === null ? '—' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

/** A session status's look; the status is always written out too (never colour alone). */
export const STATUS_CLASS: Record<string, string> = {
  verified: 'status status-ok',
  processing: 'status status-warn',
  canceled: 'status status-bad',
};
export const statusClass = (status: string): string => STATUS_CLASS[status] ?? 'status';
