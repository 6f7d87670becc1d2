/** The staff console: new verification, today's list, detail, history and settings. */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ErrorPayload } from '../../../contract/ipc.ts';
import { subscribe } from '../api.ts';
import { contractSchemas } from '../contract-schemas.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog.tsx';
import { ErrorNote } from '../ErrorNote.tsx';
import { sessionKey, useAppStatus, useTodaySessions } from '../hooks.ts';
import { staffHash, staffViewFromHash, type StaffTab } from '../page.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { KeyProblemNote } from './KeyProblemNote.tsx';
import { SessionDetail } from './SessionDetail.tsx';
import { SessionList, type TodayFilter } from './SessionList.tsx';
import { StartForm, type StartOutcome } from './StartForm.tsx';
import { ModeBadge, SimulatorBanner, StatusBar } from './StatusBar.tsx';
import { useStatusAnnouncement } from './use-announcement.ts';
import { useRevealedResult } from './use-result.ts';

// Settings (rarely opened) come with the contract's schemas, after the console is up.
const SettingsPanel = lazy(() => import('./SettingsPanel.tsx').then((m) => ({ default: m.SettingsPanel })));

const TABS: ReadonlyArray<{ id: StaffTab; label: string }> = [
  { id: 'console', label: 'Console' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
];

export function StaffApp() {
  const { status, error: statusError } = useAppStatus();
  const today = useTodaySessions();
  const announcement = useStatusAnnouncement(today.sessions);
  const results = useRevealedResult();
  // The view survives a reload: it is read from, and kept in, the page's address (ids only).
  const [initial] = useState(() => staffViewFromHash(window.location.hash));
  const [tab, setTab] = useState<StaffTab>(initial.tab);
  const [selected, setSelected] = useState<string | null>(initial.tab === 'console' ? initial.session : null);
  const [historySelected, setHistorySelected] = useState<string | null>(
    initial.tab === 'history' ? initial.session : null,
  );
  const [todayFilter, setTodayFilter] = useState<TodayFilter>(initial.filter);
  useEffect(() => {
    const session = tab === 'console' ? selected : tab === 'history' ? historySelected : null;
    const hash = staffHash({ tab, session, filter: todayFilter });
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [tab, selected, historySelected, todayFilter]);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [outboxError, setOutboxError] = useState<ErrorPayload | null>(null);

  // Once the console is interactive, fetch the schemas the forms check with.
  useEffect(() => {
    const idle = setTimeout(() => void contractSchemas(), 0);
    return () => clearTimeout(idle);
  }, []);

  useEffect(
    () =>
      subscribe('outbox.item', (item) => {
        if (item.state === 'failed') {
          setOutboxError({
            code: 'stripe_invalid_request',
            message: `The queued verification “${item.reference}” could not be created${item.message ? `: ${item.message}` : '.'}`,
          });
        } else if (item.sessionId) {
          setNotice(`The queued verification “${item.reference}” was created with Stripe.`);
        }
      }),
    [],
  );

  function started(outcome: StartOutcome) {
    // A new customer: whatever the last one's result showed goes away now.
    results.clear();
    if (outcome.outcome === 'created') {
      today.upsert(outcome.session);
      setSelected(sessionKey(outcome.session));
      setNotice(null);
    } else {
      setSelected(outcome.clientReferenceId);
      setNotice(
        `No connection: “${outcome.reference}” is queued and will be created as soon as Countersign is back online.`,
      );
      today.refresh();
    }
  }

  const current = today.sessions.find((s) => sessionKey(s) === selected) ?? null;

  return (
    <div className="app staff">
      {/* Sticky: the simulator banner and the test/live badge stay on screen while scrolling.
          One <header> (the page's banner landmark) holds both, so no content lies outside a region. */}
      <header className="topbar">
        <SimulatorBanner status={status} />
        <div className="top">
          <h1>Countersign</h1>
          <ModeBadge status={status} />
          <nav aria-label="Sections" className="tabs">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                className={tab === t.id ? 'tab active' : 'tab'}
                aria-current={tab === t.id ? 'page' : undefined}
                onClick={() => setTab(t.id)}
                data-testid={`tab-${t.id}`}
              >
                {t.label}
              </button>
            ))}
          </nav>
        </div>
      </header>
      <main>
        <ErrorNote error={statusError} />
        {status?.keyProblem && <KeyProblemNote problem={status.keyProblem} />}
        {status?.storeNotice && <p className="note note-warn">{status.storeNotice}</p>}
        {notice && (
          <p className="note note-info" role="status" data-testid="notice">
            {notice}
          </p>
        )}
        <ErrorNote error={outboxError} onDismiss={() => setOutboxError(null)} />
        {tab === 'console' && (
          <div className="console">
            <div className="column">
              <StartForm onStarted={started} />
              <ErrorNote error={today.error} />
              <SessionList
                sessions={today.sessions}
                selected={selected}
                onSelect={setSelected}
                onSkip={() => document.getElementById('detail-title')?.focus()}
                filter={todayFilter}
                onFilter={setTodayFilter}
              />
            </div>
            <div className="column wide">
              {current ? (
                <SessionDetail
                  // One instance per session: an action's error or a QR code never carries over.
                  key={sessionKey(current)}
                  session={current}
                  results={results}
                  confirm={setConfirm}
                  onUpdated={today.upsert}
                  onStartedNew={started}
                />
              ) : (
                <section className="card muted">
                  <h2 id="detail-title" tabIndex={-1} className="muted">
                    Details
                  </h2>
                  Choose a verification to see its details.
                </section>
              )}
            </div>
          </div>
        )}
        {tab === 'history' && (
          <HistoryPanel
            results={results}
            confirm={setConfirm}
            selected={historySelected}
            onSelect={setHistorySelected}
            onStartedNew={(outcome) => {
              started(outcome);
              setTab('console');
            }}
          />
        )}
        {tab === 'settings' && !status && (
          <section className="card" data-testid="settings-unavailable">
            <p>
              {statusError
                ? 'Countersign’s main process is not answering, so the settings cannot be shown. Close Countersign and open it again; if that does not help, restart the computer.'
                : 'Loading settings…'}
            </p>
          </section>
        )}
        {tab === 'settings' && status && (
          <Suspense fallback={<p className="muted">Loading settings…</p>}>
            <SettingsPanel status={status} confirm={setConfirm} />
          </Suspense>
        )}
      </main>
      <StatusBar status={status} failed={statusError !== null} announcement={announcement} />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
