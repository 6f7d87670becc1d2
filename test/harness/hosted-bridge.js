/* global EventSource, location */
// Harness only, on the hosted page it passes through: what main does to the customer window.
// A new hand-over opens the new flow; as soon as the customer screen is no longer "in the flow"
// (staff canceled, redacted, showed a QR code or another screen), the page goes back to the
// app's customer screen, which says what happened (main/shell/navigation.ts customerShouldReturn).
(() => {
  'use strict';
  const source = new EventSource('/customer/events');
  const back = () => {
    source.close();
    location.replace('/customer/customer.html#/customer');
  };
  // What changed before this page was listening: ask once, then follow the events.
  source.onopen = () => {
    fetch('/customer/api/customer.state', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
      cache: 'no-store',
    })
      .then((r) => r.json())
      .then((envelope) => {
        if (envelope && envelope.ok && envelope.value.screen !== 'in_flow') back();
      })
      .catch(() => {});
  };
  source.onmessage = (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (data.event === 'navigate') {
      source.close();
      location.assign('/customer/flow');
    } else if (data.event === 'customer.changed' && data.payload && data.payload.screen !== 'in_flow') {
      back();
    }
  };
})();
