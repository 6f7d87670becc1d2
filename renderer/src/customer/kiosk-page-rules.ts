/**
 * The kiosk's page rules (contract/kiosk-page.ts KIOSK_PAGE_RULES), carried out on the customer
 * screen: nothing to select, drag, drop or zoom, no context menu. The CSS goes in as a
 * constructed stylesheet (the app's CSP allows no inline <style>); the listeners are on window.
 * Main adds what a page cannot do (keys, pinch and zoom on Stripe's page: main/shell/kiosk-*.ts).
 */
import { KIOSK_PAGE_RULES } from '../../../contract/kiosk-page.ts';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.closest('input, textarea, [contenteditable="true"]') !== null || target.isContentEditable);

/** Applies the rules; returns what takes them off again. */
export function applyKioskPageRules(): () => void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(KIOSK_PAGE_RULES.css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  document.documentElement.dataset.kiosk = 'true';

  const prevent = (e: Event) => e.preventDefault();
  const dragOver = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
  };
  // Ctrl+wheel and trackpad pinch (reported as a wheel event with Ctrl); Cmd+wheel on macOS.
  const wheel = (e: WheelEvent) => {
    if (e.ctrlKey || e.metaKey) e.preventDefault();
  };
  const selectStart = (e: Event) => {
    if (!typing(e.target)) e.preventDefault();
  };
  const listeners: Array<[string, EventListener, AddEventListenerOptions?]> = [
    ['contextmenu', prevent],
    ['dragstart', prevent],
    ['dragover', dragOver as EventListener],
    ['drop', prevent],
    ['wheel', wheel as EventListener, { passive: false }],
    ['selectstart', selectStart],
  ];
  for (const [event, listener, options] of listeners) window.addEventListener(event, listener, options);
  return () => {
    for (const [event, listener, options] of listeners) window.removeEventListener(event, listener, options);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    delete document.documentElement.dataset.kiosk;
  };
}
