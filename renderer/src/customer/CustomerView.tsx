/** One customer screen, drawn from main's customer state only, in the customer's language. */
import type { JSX, RefObject } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { CustomerScreen } from '../../../contract/ipc.ts';
import { WELCOME_DOCUMENT_KEYS } from './welcome-documents.ts';
// The failure guidance comes from the `common` catalogue, in the language the page speaks now.
import { guidanceFor } from '../shared/last-error-guidance.ts';
import { svgDataUrl } from '../shared/qr-image.ts';

interface Props {
  screen: CustomerScreen | null;
  trouble: boolean;
  /** Back on this screen in the middle of the flow without finishing it (back button, reload). */
  interrupted?: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Only an unattended kiosk lets the customer start; at a counter, staff do. */
  kiosk: boolean;
  onBegin: () => void;
  onRetry: () => void;
  onDone: () => void;
}

export function CustomerView({
  screen,
  kiosk,
  trouble,
  interrupted = false,
  headingRef,
  onBegin,
  onRetry,
  onDone,
}: Props) {
  const { t } = useTranslation('customer');
  const h = (text: string) => (
    <h1 ref={headingRef} tabIndex={-1} data-testid="customer-title">
      {text}
    </h1>
  );
  const troubleNote = trouble && (
    <p className="note note-warn" role="alert">
      {t('trouble')}
    </p>
  );
  if (screen === null) {
    return (
      <section className="screen">
        {h(t('welcome.title'))}
        <p className="lead">{trouble ? t('troubleShort') : t('loading')}</p>
      </section>
    );
  }
  switch (screen.screen) {
    case 'welcome':
      return (
        <section className="screen screen-welcome">
          {h(t('welcome.title'))}
          <p className="lead">{t('welcome.lead')}</p>
          <div className="welcome-facts">
            <section aria-labelledby="need-title" data-testid="welcome-needed">
              <h2 id="need-title">{t('welcome.needTitle')}</h2>
              <p>{t('welcome.documents')}</p>
              <ul>
                {WELCOME_DOCUMENT_KEYS.map((key) => (
                  <li key={key}>{t(key)}</li>
                ))}
              </ul>
              <p>{t('welcome.selfie')}</p>
            </section>
            <section aria-labelledby="privacy-title" data-testid="welcome-privacy">
              <h2 id="privacy-title">{t('welcome.privacyTitle')}</h2>
              <p>{t('welcome.privacyChecked')}</p>
              <p>{t('welcome.privacyKept')}</p>
            </section>
          </div>
          {kiosk ? (
            <button type="button" className="big primary" onClick={onBegin} data-testid="customer-begin">
              {t('welcome.begin')}
            </button>
          ) : (
            <p className="lead" data-testid="customer-wait">
              {t('welcome.staffWillStart')}
            </p>
          )}
          {troubleNote}
        </section>
      );
    case 'handoff':
      return (
        <section className="screen">
          {h(t('handoff.title'))}
          <p className="lead">{t('handoff.lead')}</p>
          {screen.qrSvg && (
            <img
              className="qr-big"
              src={svgDataUrl(screen.qrSvg)}
              alt={t('handoff.qrAlt')}
              data-testid="customer-qr"
            />
          )}
        </section>
      );
    case 'in_flow':
      if (interrupted) {
        return (
          <section className="screen" data-testid="interrupted">
            {h(t('interrupted.title'))}
            <p className="lead">{t('interrupted.lead')}</p>
            <button type="button" className="big" onClick={onDone} data-testid="customer-done">
              {t('interrupted.startOver')}
            </button>
            {troubleNote}
          </section>
        );
      }
      return (
        <section className="screen">
          {h(t('opening'))}
          <div className="spinner" aria-hidden="true" />
        </section>
      );
    case 'checking':
      return (
        <section className="screen">
          {h(t('checking.title'))}
          <div className="spinner" aria-hidden="true" />
          <p className="lead">{t('checking.lead')}</p>
        </section>
      );
    case 'verified':
      return (
        <section className="screen screen-ok">
          {h(t('verified.title'))}
          <p className="lead">{t('verified.lead')}</p>
          <button type="button" className="big" onClick={onDone} data-testid="customer-done">
            {t('finish')}
          </button>
        </section>
      );
    case 'requires_input': {
      const g = guidanceFor(screen.errorCode);
      if (screen.attemptsLeft <= 0) return askStaff(h, t, t('reason', { title: g.title }), onDone);
      return (
        <section className="screen" data-testid="guidance" data-code={screen.errorCode ?? ''}>
          {h(g.title)}
          <p className="lead">{g.customer}</p>
          <button type="button" className="big primary" onClick={onRetry} data-testid="customer-retry">
            {t('retry')}
          </button>
          <button type="button" className="big" onClick={onDone} data-testid="customer-stop">
            {t('stop')}
          </button>
          <p className="muted" data-testid="attempts-left">
            {t('attemptsLeft', { count: screen.attemptsLeft })}
          </p>
          {troubleNote}
        </section>
      );
    }
    case 'canceled':
      return askStaff(h, t, t('canceled'), onDone);
    case 'ask_staff':
      // The last screen: what happened, in a few words, never "please try again".
      return askStaff(
        h,
        t,
        screen.errorCode ? t('reason', { title: guidanceFor(screen.errorCode).title }) : null,
        onDone,
      );
  }
}

function askStaff(
  h: (text: string) => JSX.Element,
  t: (key: string) => string,
  detail: string | null,
  onDone: () => void,
) {
  return (
    <section className="screen" data-testid="ask-staff">
      {h(t('askStaff.title'))}
      {detail && <p className="lead">{detail}</p>}
      <p className="lead">{t('askStaff.lead')}</p>
      <button type="button" className="big" onClick={onDone} data-testid="customer-done">
        {t('finish')}
      </button>
    </section>
  );
}
