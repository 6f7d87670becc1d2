/**
 * The QR code main renders (an SVG document) as an image source. It goes through a data: URL in
 * an <img>, never into the DOM as markup, so nothing in it can run or style the page.
 */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
