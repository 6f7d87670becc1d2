/** A design token's value (`--ok`), as the page's stylesheet sets it (charts draw on a canvas). */
export function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}
