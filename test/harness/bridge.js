/* global window, EventSource, location */
// The harness's stand-in for the Electron preload: `window.countersign` over HTTP. Calls are
// POST api/<method> (JSON in, an Envelope out); events come over server-sent events. Served as
// a file from the page's own origin, so the app's CSP (script-src 'self') needs no exception.
// Every URL is relative: the staff page lives under /staff/, the customer page under
// /customer/, and each path carries its own token cookie.
(() => {
  'use strict';
  const listeners = new Map();

  const source = new EventSource('events');
  source.onmessage = (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (data.event === 'navigate') {
      // Harness only: main would navigate the customer window to the hosted flow itself.
      location.assign('flow');
      return;
    }
    if (data.event === 'open-staff' && typeof data.grant === 'string') {
      // Harness only: after the right kiosk PIN, main opens the staff console.
      location.assign(`../staff/unlock?grant=${encodeURIComponent(data.grant)}`);
      return;
    }
    for (const listener of listeners.get(data.event) ?? []) {
      try {
        listener(data.payload);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  };

  async function invoke(method, args) {
    let response;
    try {
      response = await fetch(`api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args === undefined ? {} : { args }),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw { code: 'internal', message: 'Countersign (the test harness) cannot be reached.' };
    }
    const envelope = await response.json().catch(() => null);
    if (envelope && envelope.ok === true) return envelope.value;
    if (envelope && envelope.ok === false && envelope.error) throw envelope.error;
    throw { code: 'internal', message: 'Countersign did not answer as expected.' };
  }

  function on(event, listener) {
    if (typeof listener !== 'function') return () => {};
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  Object.defineProperty(window, 'countersign', {
    value: Object.freeze({ invoke, on }),
    writable: false,
    configurable: false,
    enumerable: true,
  });
})();
