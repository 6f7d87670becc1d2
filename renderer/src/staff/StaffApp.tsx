/** The staff console: new verification, today's list, detail, history and settings. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { TFunction } from '../shared/i18n/index.ts';
import type { ErrorPayload } from '../../../contract/ipc.ts';
import { subscribe } from '../shared/ipc-client.ts';
import { contractSchemas } from './contract-schemas.ts';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { sessionKey, useAppStatus, useTodaySessions } from './console-data-hooks.ts';
import { staffHash, staffViewFromHash, type StaffTab } from './staff-view.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { KeyProblemNote } from './KeyProblemNote.tsx';
import { SessionDetail } from './SessionDetail.tsx';
import { SessionList, type TodayFilter } from './SessionList.tsx';
import { StartForm, type StartOutcome } from './StartForm.tsx';
import { storeNoticeText } from './store-notice-text.ts';
import { queuedFailure } from './outbox-failure-text.ts';
import { ModeBadge, SimulatorBanner, StatusBar } from './StatusBar.tsx';
import { useStatusAnnouncement } from './use-announcement.ts';
import { useRevealedResult } from './use-result.ts';
import { StaffContext, useStaff } from './use-staff.ts';
import { StaffSignIn } from './StaffSignIn.tsx';
import { ManualCheckForm } from './ManualCheckForm.tsx';

// Settings and the audit view (rarely opened) come after the console is up, Settings with the
// contract's schemas.
const AuditPanel = lazy(() => import('./AuditPanel.tsx').then((m) => ({ default: m.AuditPanel })));
const SettingsPanel = lazy(() => import('./SettingsPanel.tsx').then((m) => ({ default: m.SettingsPanel })));

const TABS: readonly StaffTab[] = ['console', 'history', 'audit', 'settings'];

type Notice = (t: TFunction) => string;

export function StaffApp() {
  const { t } = useTranslation('staff');
  const tabLabel: Record<StaffTab, string> = {
    console: t('tabs.console'),
    history: t('tabs.history'),
    audit: t('tabs.audit'),
    settings: t('tabs.settings'),
  };
  const staff = useStaff();
  // The audit view is for managers (anyone, while sign-in is off: that person runs the shop).
  const tabs = TABS.filter((id) => id !== 'audit' || staff.can('audit.list'));
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
  // Kept as words to say, not a said string, so a notice follows a change of language.
  const [notice, setNotice] = useState<Notice | null>(null);
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
          setOutboxError(queuedFailure(item));
        } else if (item.sessionId) {
          setNotice(() => (t: TFunction) => t('notice.queued_created', { reference: item.reference }));
        }
      }),
    [t],
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
      setNotice(() => (t: TFunction) => t('notice.queued_offline', { reference: outcome.reference }));
      today.refresh();
    }
  }

  const current = today.sessions.find((s) => sessionKey(s) === selected) ?? null;

  return (
    <StaffContext.Provider value={staff}>
      <div className="app staff">
        {/* Sticky: the simulator banner and the test/live badge stay on screen while scrolling.
          One <header> (the page's banner landmark) holds both, so no content lies outside a region. */}
        <header className="topbar">
          <SimulatorBanner status={status} />
          <div className="top">
            <h1>{t('common:app.name')}</h1>
            <ModeBadge status={status} />
            <nav aria-label={t('tabs.label')} className="tabs">
              {tabs.map((id) => (
                <button
                  key={id}
                  type="button"
                  className={tab === id ? 'tab active' : 'tab'}
                  aria-current={tab === id ? 'page' : undefined}
                  onClick={() => setTab(id)}
                  data-testid={`tab-${id}`}
                >
                  {tabLabel[id]}
                </button>
              ))}
            </nav>
          </div>
        </header>
        <main>
          <ErrorNote error={statusError} />
          {staff.status && <StaffSignIn status={staff.status} />}
          {status?.keyProblem && <KeyProblemNote problem={status.keyProblem} />}
          {status?.storeNotice && (
            <p className="note note-warn" data-testid="store-notice">
              {/* A code with params from the core, said in the console's language. */}
              {storeNoticeText(status.storeNotice)}
            </p>
          )}
          {notice && (
            <p className="note note-info" role="status" data-testid="notice">
              {notice(t)}
            </p>
          )}
          <ErrorNote error={outboxError} onDismiss={() => setOutboxError(null)} />
          {tab === 'console' && (
            <div className="console">
              <div className="column">
                <StartForm onStarted={started} />
                {staff.can('sessions.manualCheck') && (
                  <ManualCheckForm
                    onRecorded={(view) => {
                      today.upsert(view);
                      setSelected(sessionKey(view));
                    }}
                  />
                )}
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
                      {t('detail.empty_title')}
                    </h2>
                    {t('detail.empty')}
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
          {tab === 'audit' && staff.can('audit.list') && (
            <Suspense fallback={<p className="muted">{t('settings.loading')}</p>}>
              <AuditPanel key={staff.status?.signedIn?.id ?? ''} />
            </Suspense>
          )}
          {tab === 'settings' && !status && (
            <section className="card" data-testid="settings-unavailable">
              <p>{statusError ? t('settings.unavailable') : t('settings.loading')}</p>
            </section>
          )}
          {tab === 'settings' && status && (
            <Suspense fallback={<p className="muted">{t('settings.loading')}</p>}>
              <SettingsPanel status={status} confirm={setConfirm} />
            </Suspense>
          )}
        </main>
        <StatusBar status={status} failed={statusError !== null} announcement={announcement} />
        <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      </div>
    </StaffContext.Provider>
  );
}
