/**
 * Every station with its state. Store sharing is a checkbox per row; revoking one asks first,
 * in the row itself. Neither shows a change the hub has not confirmed: the row follows the
 * overview, reloaded after each change. A kiosk's open call for help marks its whole row and
 * says when it was made, with a button that acknowledges the calls shown (not one made since).
 */
import { useState } from 'react';
import { fleetApi, type Overview } from './api.ts';
import { useI18n } from './i18n.tsx';
import { usePicture } from './picture-i18n.ts';

type Station = Overview['stations'][number];

/** Online or offline, and since when (online: its online period's start; offline: last seen). */
function State({ station }: { station: Station }) {
  const { t, time } = useI18n();
  const { p } = usePicture();
  if (station.revoked) return <span className="status status-bad">{t.states.revoked}</span>;
  const since = station.online ? station.onlineSince : station.lastSeen;
  return (
    <>
      {station.online ? (
        <span className="status status-ok">{t.states.online}</span>
      ) : (
        <span className="status">{t.states.offline}</span>
      )}
      {since !== null && <div className="muted">{p.health.since(time(since))}</div>}
    </>
  );
}

function ShareStore({ station, onChanged }: { station: Station; onChanged: () => Promise<void> }) {
  const { t, errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorId = `share-error-${station.id}`;

  async function change(share: boolean) {
    setBusy(true);
    setError(null);
    try {
      await fleetApi.setShareStore(station.id, share);
    } catch (e) {
      setError(e);
    }
    // Either way the row shows what the hub holds now.
    await onChanged();
    setBusy(false);
  }

  return (
    <>
      <label className="check">
        {/* Controlled by the overview: a click shows nothing until the hub has it. */}
        <input
          type="checkbox"
          checked={station.shareStore}
          disabled={busy || station.revoked}
          aria-describedby={error !== null ? errorId : undefined}
          onChange={(e) => void change(e.target.checked)}
        />
        {t.shareLabel}
      </label>
      {error !== null && (
        <span className="error" role="alert" id={errorId}>
          {errorText(error)}
        </span>
      )}
    </>
  );
}

function HelpCall({ station, onChanged }: { station: Station; onChanged: () => Promise<void> }) {
  const { t, clock, errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (station.helpCalls.length === 0) return null;

  async function acknowledge() {
    setBusy(true);
    setError(null);
    try {
      await fleetApi.acknowledgeHelpCalls(
        station.id,
        station.helpCalls.map((c) => c.id),
      );
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const times = station.helpCalls.map((c) => clock(c.at)).join(t.helpTimesSeparator);
  return (
    <div className="help-call" role="status">
      <strong>{t.helpRequested(times)}</strong>
      <button
        type="button"
        className="primary"
        disabled={busy}
        aria-label={t.acknowledgeLabel(station.name)}
        onClick={() => void acknowledge()}
      >
        {t.acknowledge}
      </button>
      {error !== null && (
        <span className="error" role="alert">
          {errorText(error)}
        </span>
      )}
    </div>
  );
}

function Revoke({ station, onChanged }: { station: Station; onChanged: () => Promise<void> }) {
  const { t, errorText } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (station.revoked) return null;

  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      await fleetApi.revoke(station.id);
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  if (!confirming) {
    return (
      <>
        <button
          type="button"
          className="danger-outline"
          aria-label={t.revokeLabel(station.name)}
          onClick={() => setConfirming(true)}
        >
          {t.revoke}
        </button>
        {error !== null && (
          <span className="error" role="alert">
            {' '}
            {errorText(error)}
          </span>
        )}
      </>
    );
  }
  return (
    <span className="row" role="group" aria-label={t.revokeAsk(station.name)}>
      <span>{t.revokeWarning}</span>
      <button type="button" className="danger" disabled={busy} onClick={() => void revoke()}>
        {t.revokeYes(station.name)}
      </button>
      <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
        {t.cancel}
      </button>
    </span>
  );
}

export function StationsTable({
  stations,
  onChanged,
}: {
  stations: Station[];
  onChanged: () => Promise<void>;
}) {
  const { t, time, number } = useI18n();
  const { p } = usePicture();
  if (stations.length === 0) return <p className="muted">{t.noStations}</p>;
  return (
    <>
      <p className="muted">{t.shareHint}</p>
      <table aria-labelledby="stations-heading">
        <thead>
          <tr>
            <th>{t.colStation}</th>
            <th>{t.colStore}</th>
            <th>{t.colKind}</th>
            <th>{t.colState}</th>
            <th>{t.colLastSeen}</th>
            <th className="number">{t.colQueued}</th>
            <th className="number">{t.colActive}</th>
            <th>{p.health.version}</th>
            <th>{p.health.lastError}</th>
            <th>{t.colShare}</th>
            <th>
              <span className="muted">{t.colAction}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {stations.map((s) => (
            <tr
              key={s.id}
              data-station-id={s.id}
              className={s.helpCalls.length > 0 ? 'help-open' : undefined}
            >
              <td>
                {s.name}
                <div className="muted">{s.id}</div>
                <HelpCall station={s} onChanged={onChanged} />
              </td>
              <td>{s.store}</td>
              <td>{(t.kinds as Record<string, string>)[s.kind] ?? s.kind}</td>
              <td>
                <State station={s} />
              </td>
              <td>{time(s.lastSeen)}</td>
              <td className="number">{number(s.queued)}</td>
              <td className="number">{number(s.active)}</td>
              <td>{s.appVersion ?? p.health.none}</td>
              <td>
                {s.lastError ? (
                  <>
                    <code lang="en">{s.lastError.code}</code>
                    <div className="muted">{time(s.lastError.at)}</div>
                  </>
                ) : (
                  p.health.none
                )}
              </td>
              <td>
                <ShareStore station={s} onChanged={onChanged} />
              </td>
              <td>
                <Revoke station={s} onChanged={onChanged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
