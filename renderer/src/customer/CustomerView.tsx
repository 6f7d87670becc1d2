/** One customer screen, drawn from main's customer state only. */
import type { JSX, RefObject } from 'react';
import type { CustomerScreen } from '../../../contract/ipc.ts';
import { guidanceFor } from '../guidance.ts';
import { svgDataUrl } from '../qr.ts';

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
  const h = (text: string) => (
    <h1 ref={headingRef} tabIndex={-1} data-testid="customer-title">
      {text}
    </h1>
  );
  const troubleNote = trouble && (
    <p className="note note-warn" role="alert">
      That did not work. Please ask a member of staff.
    </p>
  );
  if (screen === null) {
    return (
      <section className="screen">
        {h('Welcome')}
        <p className="lead">{trouble ? 'Please ask a member of staff.' : 'One moment…'}</p>
      </section>
    );
  }
  switch (screen.screen) {
    case 'welcome':
      return (
        <section className="screen">
          {h('Welcome')}
          <p className="lead">We will check your identity with a photo ID. It takes about two minutes.</p>
          {kiosk ? (
            <button type="button" className="big primary" onClick={onBegin} data-testid="customer-begin">
              Begin
            </button>
          ) : (
            <p className="lead" data-testid="customer-wait">
              A member of staff will start the check for you.
            </p>
          )}
          {troubleNote}
        </section>
      );
    case 'handoff':
      return (
        <section className="screen">
          {h('Scan with your phone')}
          <p className="lead">Point your phone’s camera at the code and follow the steps on your phone.</p>
          {screen.qrSvg && (
            <img
              className="qr-big"
              src={svgDataUrl(screen.qrSvg)}
              alt="QR code that opens the verification on your phone"
              data-testid="customer-qr"
            />
          )}
        </section>
      );
    case 'in_flow':
      if (interrupted) {
        return (
          <section className="screen" data-testid="interrupted">
            {h('The verification was closed')}
            <p className="lead">Please ask a member of staff to open it again.</p>
            <button type="button" className="big" onClick={onDone} data-testid="customer-done">
              Start over
            </button>
            {troubleNote}
          </section>
        );
      }
      return (
        <section className="screen">
          {h('Opening the verification…')}
          <div className="spinner" aria-hidden="true" />
        </section>
      );
    case 'checking':
      return (
        <section className="screen">
          {h('Checking your details…')}
          <div className="spinner" aria-hidden="true" />
          <p className="lead">This usually takes less than a minute.</p>
        </section>
      );
    case 'verified':
      return (
        <section className="screen screen-ok">
          {h('Thank you')}
          <p className="lead">Your identity has been confirmed.</p>
          <button type="button" className="big" onClick={onDone} data-testid="customer-done">
            Finish
          </button>
        </section>
      );
    case 'requires_input': {
      const g = guidanceFor(screen.errorCode);
      if (screen.attemptsLeft <= 0) return askStaff(h, `${g.title}.`, onDone);
      return (
        <section className="screen" data-testid="guidance" data-code={screen.errorCode ?? ''}>
          {h(g.title)}
          <p className="lead">{g.customer}</p>
          <button type="button" className="big primary" onClick={onRetry} data-testid="customer-retry">
            Try again
          </button>
          <button type="button" className="big" onClick={onDone} data-testid="customer-stop">
            Stop here
          </button>
          <p className="muted">
            {screen.attemptsLeft === 1
              ? 'This is the last attempt.'
              : `${screen.attemptsLeft} attempts left.`}
          </p>
          {troubleNote}
        </section>
      );
    }
    case 'canceled':
      return askStaff(h, 'This verification was stopped.', onDone);
    case 'ask_staff':
      // The last screen: what happened, in a few words, never "please try again".
      return askStaff(h, screen.errorCode ? `${guidanceFor(screen.errorCode).title}.` : null, onDone);
  }
}

function askStaff(h: (text: string) => JSX.Element, detail: string | null, onDone: () => void) {
  return (
    <section className="screen" data-testid="ask-staff">
      {h('Please ask a member of staff')}
      {detail && <p className="lead">{detail}</p>}
      <p className="lead">They can help you go on.</p>
      <button type="button" className="big" onClick={onDone} data-testid="customer-done">
        Finish
      </button>
    </section>
  );
}
