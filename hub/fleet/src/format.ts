/** A session status's look; the status is always written out too (never colour alone). */
export const STATUS_CLASS: Record<string, string> = {
  verified: 'status status-ok',
  processing: 'status status-warn',
  canceled: 'status status-bad',
};
export const statusClass = (status: string): string => STATUS_CLASS[status] ?? 'status';
