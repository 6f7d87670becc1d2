/**
 * The customer screen: a calm, large view of where the customer is in the verification. It
 * shows only what main's customer state carries (never a name, a reference or a result) and
 * offers the customer only three things: begin, try again, and done.
 */
import { useEffect, useRef, useState } from 'react';
import type { CustomerScreen, ErrorPayload } from '../../../contract/ipc.ts';
import { call, subscribe } from '../api.ts';
import { CustomerView } from './CustomerView.tsx';

/** Screens main resets to welcome when idle (mirrors main's customer flow). */
const RESETS_WHEN_IDLE = new Set(['verified', 'requires_input', 'canceled', 'ask_staff', 'handoff']);

export function CustomerApp() {
  const [screen, setScreen] = useState<CustomerScreen | null>(null);
  const [trouble, setTrouble] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    let fromEvent = false;
    const stop = subscribe('customer.changed', (s) => {
      fromEvent = true;
      setTrouble(false);
      setScreen(s);
    });
    call('customer.state').then(
      (s) => live && !fromEvent && setScreen(s),
      () => live && setTrouble(true),
    );
    return () => {
      live = false;
      stop();
    };
  }, []);

  // Each new screen is announced: focus moves to its heading.
  useEffect(() => {
    heading.current?.focus();
  }, [screen?.screen, screen?.errorCode]);

  // Back to welcome after the idle time, so the next person never sees the last one's outcome.
  useEffect(() => {
    if (!screen || !RESETS_WHEN_IDLE.has(screen.screen) || screen.idleResetSeconds <= 0) return;
    const timer = setTimeout(() => void act('customer.done'), screen.idleResetSeconds * 1000);
    return () => clearTimeout(timer);
  }, [screen]);

  async function act(method: 'customer.begin' | 'customer.retry' | 'customer.done') {
    try {
      setScreen(await call(method));
      setTrouble(false);
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
          headingRef={heading}
          onBegin={() => void act('customer.begin')}
          onRetry={() => void act('customer.retry')}
          onDone={() => void act('customer.done')}
        />
      </main>
    </div>
  );
}
