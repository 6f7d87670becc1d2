/**
 * The customer screen: a calm, large view of where the customer is in the verification. It
 * shows only what main's customer state carries (never a name, a reference or a result) and
 * offers the customer: begin, try again, done, their language, and a call for staff. On a kiosk
 * it also applies the page rules and watches for the staff-exit gesture, which opens the PIN pad.
 */
import { useEffect, useRef, useState } from 'react';
import type { CustomerScreen, ErrorPayload } from '../../../contract/ipc.ts';
import { call, subscribe } from '../shared/ipc-client.ts';
import { applyLanguage } from '../shared/i18n/index.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../contract/languages.ts';
import { useTranslation } from '../shared/i18n/react.ts';
import { CustomerView } from './CustomerView.tsx';
import { HelpBanner, HelpButton } from './HelpButton.tsx';
import { applyKioskPageRules } from './kiosk-page-rules.ts';
import { LanguageButton } from './LanguageButton.tsx';
import { PinPad } from './PinPad.tsx';
import { useExitGesture } from './use-exit-gesture.ts';
import './kiosk.css';

/** The language to show: the customer's choice, else the station's, else the app's default. */
export function screenLanguage(screen: CustomerScreen | null): Language {
  return screen?.chosenLanguage ?? screen?.language ?? DEFAULT_LANGUAGE;
}

export function CustomerApp() {
  const { t } = useTranslation('customer');
  const [screen, setScreen] = useState<CustomerScreen | null>(null);
  const [trouble, setTrouble] = useState(false);
  // The page was (re)loaded while main still says "in the flow": the customer came back without
  // finishing (the back button, a reload). Nothing will open the flow by itself now, so the
  // screen says so instead of "Opening the verification…". Any news from main ends it.
  const [interrupted, setInterrupted] = useState(false);
  const [help, setHelp] = useState<'called' | 'failed' | null>(null);
  const [pinPad, setPinPad] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef<string | null>(null);
  /** Every new screen from main comes here. */
  const show = (next: CustomerScreen) => {
    // The next customer starts afresh: no "staff have been called" left from the one before.
    if (next.screen === 'welcome' && shown.current !== 'welcome') setHelp(null);
    shown.current = next.screen;
    setScreen(next);
  };
  const kiosk = screen?.kiosk ?? false;
  const language = screenLanguage(screen);

  useEffect(() => {
    let live = true;
    let fromEvent = false;
    const stop = subscribe('customer.changed', (s) => {
      fromEvent = true;
      setTrouble(false);
      setInterrupted(false);
      show(s);
    });
    call('customer.state').then(
      (s) => {
        if (!live || fromEvent) return;
        setInterrupted(s.screen === 'in_flow');
        show(s);
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

  // The customer's language: its catalogues are fetched the first time it is chosen.
  useEffect(() => void applyLanguage(language), [language]);
  useEffect(() => {
    document.title = `Countersign — ${t('welcome.title')}`;
  }, [t, language]);
  useEffect(() => (kiosk ? applyKioskPageRules() : undefined), [kiosk]);
  useExitGesture(kiosk && !pinPad, () => setPinPad(true));

  // Each new screen is announced: focus moves to its heading.
  useEffect(() => {
    if (!pinPad) heading.current?.focus();
  }, [screen?.screen, screen?.errorCode, interrupted, pinPad]);

  // No idle timer here: main resets the screen to welcome after the idle time (one timer, in
  // main/core/customer-screen.ts, and the kiosk's walk-away in main/core/walk-away.ts) and this
  // page follows its customer.changed event.

  async function act(method: 'customer.begin' | 'customer.retry' | 'customer.done') {
    try {
      show(await call(method));
      setTrouble(false);
      setInterrupted(false);
    } catch (e) {
      void (e as ErrorPayload);
      setTrouble(true);
    }
  }

  async function chooseLanguage(next: Language) {
    try {
      show(await call('customer.setLanguage', { language: next }));
    } catch {
      setTrouble(true);
    }
  }

  return (
    <div
      className="app customer"
      data-testid="customer"
      data-screen={screen?.screen ?? 'loading'}
      data-language={language}
    >
      {screen && !screen.online && (
        <div className="banner banner-offline" role="status" data-testid="customer-offline">
          {t('offline')}
        </div>
      )}
      <HelpBanner state={help} />
      <div className="customer-bar">
        {screen && (
          <HelpButton called={help === 'called'} onCalled={(ok) => setHelp(ok ? 'called' : 'failed')} />
        )}
        <LanguageButton
          current={language}
          {...(screen?.languages ? { offered: screen.languages } : {})}
          onChoose={(l) => void chooseLanguage(l)}
        />
      </div>
      <main className="customer-main">
        <CustomerView
          screen={screen}
          kiosk={kiosk}
          trouble={trouble}
          interrupted={interrupted}
          headingRef={heading}
          onBegin={() => void act('customer.begin')}
          onRetry={() => void act('customer.retry')}
          onDone={() => void act('customer.done')}
        />
      </main>
      {pinPad && <PinPad onClose={() => setPinPad(false)} onUnlocked={() => setPinPad(false)} />}
    </div>
  );
}
