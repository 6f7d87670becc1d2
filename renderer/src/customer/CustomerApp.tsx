/**
 * The customer screen: a calm, large view of where the customer is in the verification. It
 * shows only what main's customer state carries (never a name, a reference or a result) and
 * offers the customer only three things: begin, try again, and done.
 */
import { useEffect, useRef, useState } from 'react';
import type { CustomerScreen, ErrorPayload } from '../../../contract/ipc.ts';
import { call, subscribe } from '../api.ts';
import { CustomerView } from './CustomerView.tsx';

export function CustomerApp() {
  const [screen, setScreen] = useState<CustomerScreen | null>(null);
  const [trouble, setTrouble] = useState(false);
  // The page was (re)loaded while main still says "in the flow": the customer came back without
  // finishing (the back button, a reload). Nothing will open the flow by itself now, so the
  // screen says so instead of "Opening the verification…". Any news from main ends it.
  const [interrupted, setInterrupted] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    let fromEvent = false;
    const stop = subscribe('customer.changed', (s) => {
      fromEvent = true;
      setTrouble(false);
      setInterrupted(false);
      setScreen(s);
    });
    call('customer.state').then(
      (s) => {
        if (!live || fromEvent) return;
        setInterrupted(s.screen === 'in_flow');
        setScreen(s);
      },
      () => live && setTrouble(true),
    );
    // Back from the hosted page into a page the browser kept: load it afresh, as a reload would.
    const restored = (e: PageTransitionEvent) => {
      if (e.persisted) window.location.reload();
    };
    window.addEventListener('pageshow', restored);
    return () => {
      live = false;
      stop();
      window.removeEventListener('pageshow', restored);
    };
  }, []);

  // Each new screen is announced: focus moves to its heading.
  useEffect(() => {
    heading.current?.focus();
  }, [screen?.screen, screen?.errorCode, interrupted]);

  // No idle timer here: main resets the screen to welcome after the idle time (one timer, in
  // main/core/customer-screen.ts) and this page follows its customer.changed event.

  async function act(method: 'customer.begin' | 'customer.retry' | 'customer.done') {
    try {
      setScreen(await call(method));
      setTrouble(false);
      setInterrupted(false);
    } catch (e) {
      void (e as ErrorPayload);
      setTrouble(true);
    }
  }

  return (
    <div className="app customer" data-testid="customer" data-screen={screen?.screen ?? 'loading'}>
      {screen && !screen.online && (
        <div className="banner banner-offline" role="status" data-testid="customer-offline">
          We are reconnecting. Please wait a moment — nothing is lost.
        </div>
      )}
      <main className="customer-main">
        <CustomerView
          screen={screen}
          kiosk={screen?.kiosk ?? false}
          trouble={trouble}
          interrupted={interrupted}
          headingRef={heading}
          onBegin={() => void act('customer.begin')}
          onRetry={() => void act('customer.retry')}
          onDone={() => void act('customer.done')}
        />
      </main>
    </div>
  );
}
