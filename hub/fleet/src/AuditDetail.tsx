/**
 * One audit entry on the fleet page, in a modal <dialog> opened from its row of the Audit trail:
 * every field, and the hub's check of the chain around it (its own hash recomputed; its links to
 * the entries before and after). Reads `GET /fleet/api/audit/:station/:seq` (audit-detail.ts).
 * Escape or Close shuts it and gives the focus back to the row's button.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AuditLinkState, FleetAuditDetail, FleetAuditEntry } from '../../src/fleet-audit-api.ts';
import { answer } from './api.ts';
import { useI18n } from './i18n.tsx';
import { AUDIT_WORDS } from './messages-audit.ts';
import { ErrorNote } from './ErrorNote.tsx';

async function fetchDetail(e: FleetAuditEntry): Promise<FleetAuditDetail> {
  const path = `/fleet/api/audit/${encodeURIComponent(e.stationId)}/${e.seq}`;
  return answer<FleetAuditDetail>(await fetch(path, { credentials: 'same-origin' }));
}

type CheckState = AuditLinkState | 'right' | 'wrong';

/** A check's look; its words always say it too (never colour alone). */
const STATE_CLASS: Record<CheckState, string> = {
  right: 'status status-ok',
  linked: 'status status-ok',
  wrong: 'status status-bad',
  not_linked: 'status status-bad',
  unknown: 'status',
};

export function AuditDetail({ entry, onClose }: { entry: FleetAuditEntry | null; onClose: () => void }) {
  const { language, time, number } = useI18n();
  const w = AUDIT_WORDS[language];
  const d = w.detail;
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // What was loaded, and for which entry: another entry's answer is not shown.
  const [loaded, setLoaded] = useState<{
    for: FleetAuditEntry;
    detail: FleetAuditDetail | null;
    error: unknown;
  }>();
  const detail = loaded?.for === entry ? loaded.detail : null;
  const error = loaded?.for === entry ? loaded.error : null;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (entry && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!entry) {
      if (dialog.open) dialog.close();
      if (opener.current?.isConnected) opener.current.focus();
      opener.current = null;
    }
  }, [entry]);

  useEffect(() => {
    if (!entry) return;
    let current = true;
    fetchDetail(entry).then(
      (next) => current && setLoaded({ for: entry, detail: next, error: null }),
      (e: unknown) => current && setLoaded({ for: entry, detail: null, error: e }),
    );
    return () => {
      current = false;
    };
  }, [entry]);

  const text = (v: string | null) => v ?? d.empty;
  const fields = (e: FleetAuditDetail['entry']): Array<[string, ReactNode]> => [
    [w.when, time(e.at)],
    [d.receivedAt, time(e.receivedAt)],
    [w.store, e.store],
    [w.station, e.stationName],
    [d.stationInEntry, e.station],
    [w.staff, e.actor ? e.actor.name : w.nobody],
    [d.staffId, e.actor ? <code>{e.actor.id}</code> : d.empty],
    [d.role, e.actor ? (d.roles[e.actor.role] ?? e.actor.role) : d.empty],
    [w.what, <code>{e.action}</code>],
    [
      w.outcome,
      <>
        {w.outcomes[e.outcome] ?? e.outcome}
        <span className="muted">{d.code(e.outcome)}</span>
      </>,
    ],
    [d.sessionId, e.sessionId ? <code>{e.sessionId}</code> : d.empty],
    [w.reference, text(e.reference)],
    [d.reason, e.reason ? (d.reasons[e.reason] ?? e.reason) : d.empty],
    [d.note, text(e.note)],
    [d.detailText, text(e.detail)],
    [d.seq, number(e.seq)],
    [d.prev, <code className="hash">{e.prev}</code>],
    [d.hash, <code className="hash">{e.hash}</code>],
  ];

  /** The hub's check of the chain: the entry's own hash, its link before, its link after. */
  const checks = ({
    chain,
    entry: e,
  }: FleetAuditDetail): Array<{ label: string; state: CheckState; text: string }> => [
    {
      label: d.ownHash,
      state: chain.hashRight ? 'right' : 'wrong',
      text: chain.hashRight ? d.hashRight : d.hashWrong,
    },
    {
      label: d.before,
      state: chain.before,
      text: chain.before === 'unknown' && e.seq === 1 ? d.firstEntry : d.linkBefore[chain.before],
    },
    { label: d.after, state: chain.after, text: d.linkAfter[chain.after] },
  ];

  return (
    <dialog
      ref={ref}
      className="dialog audit-detail"
      aria-labelledby={`${id}-title`}
      onClose={(e) => {
        // The browser queues the close event; by then another entry may be open in it.
        if (!e.currentTarget.open) onClose();
      }}
      data-testid="audit-detail"
    >
      {entry && (
        <div>
          <div className="row between">
            <h2 id={`${id}-title`}>{d.heading(entry.stationName, number(entry.seq))}</h2>
            <button type="button" autoFocus onClick={onClose}>
              {d.close}
            </button>
          </div>
          <ErrorNote error={error} />
          {detail === null && error === null && (
            <p className="muted" role="status">
              {d.loading}
            </p>
          )}
          {detail && (
            <>
              <dl className="fields" aria-label={d.fields}>
                {fields(detail.entry).map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
              <h3>{d.chain}</h3>
              <dl className="fields" data-testid="audit-chain">
                {checks(detail).map(({ label, state, text: said }) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd data-state={state}>
                      <span className={STATE_CLASS[state]}>{said}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </div>
      )}
    </dialog>
  );
}
