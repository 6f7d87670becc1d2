/**
 * Roving tabindex (the WAI-ARIA listbox and grid patterns): a list or a grid is one Tab stop;
 * inside it the arrow keys, Home and End move the focus, and Enter or Space chooses. Here the
 * key rules; the components keep which item holds the stop and move the focus to it.
 */
export type Step = 'previous' | 'next' | 'first' | 'last';

const LIST_STEPS: Readonly<Record<string, Step>> = {
  ArrowUp: 'previous',
  ArrowDown: 'next',
  Home: 'first',
  End: 'last',
};

/** A listbox's move for this key, if it is one. */
export function listStep(key: string): Step | undefined {
  return LIST_STEPS[key];
}

/**
 * A grid's move: up and down change the row, left and right the cell; Home and End go to the
 * first or last cell of the row, with Ctrl to the first or last row.
 */
export function gridStep(key: string, ctrl: boolean): { row?: Step; cell?: Step } | undefined {
  switch (key) {
    case 'ArrowUp':
      return { row: 'previous' };
    case 'ArrowDown':
      return { row: 'next' };
    case 'ArrowLeft':
      return { cell: 'previous' };
    case 'ArrowRight':
      return { cell: 'next' };
    case 'Home':
      return ctrl ? { row: 'first' } : { cell: 'first' };
    case 'End':
      return ctrl ? { row: 'last' } : { cell: 'last' };
    default:
      return undefined;
  }
}

/** Where a step from `index` lands among `count` items (it stops at either end). */
export function stepIndex(index: number, count: number, step: Step): number {
  if (count <= 0) return -1;
  if (step === 'first') return 0;
  if (step === 'last') return count - 1;
  const from = Math.min(Math.max(index, 0), count - 1);
  return step === 'next' ? Math.min(count - 1, from + 1) : Math.max(0, from - 1);
}

export function isChooseKey(key: string): boolean {
  return key === 'Enter' || key === ' ';
}
