/**
 * The Updates view (`/fleet#updates`): each channel's current and previous release, its stage,
 * pause/resume, a new stage and rollback (asked first, in the row); an upload; and per store its
 * channel and the version each station runs (from its heartbeat), with how far the rollout got.
 */
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_CHANNEL } from '../../src/updates/types.ts';
import { useI18n } from './i18n.tsx';
import { UploadRelease } from './UploadRelease.tsx';
import { updatesApi, type ChannelInfo, type UpdatesOverview } from './updates-api.ts';
import { ErrorNote } from './ErrorNote.tsx';

const REFRESH_MS = 15_000;
type Store = UpdatesOverview['stores'][number];

function Rollout({ channel }: { channel: ChannelInfo }) {
  const { t, time, number } = useI18n();
  const u = t.updates;
  if (channel.rolledBackAt !== null)
    return <span className="status status-warn">{u.rolledBack(time(channel.rolledBackAt))}</span>;
  if (channel.paused) return <span className="status status-warn">{u.paused}</span>;
  if (channel.stagingPercentage >= 100) return <span className="status status-ok">{u.everyone}</span>;
  return <span className="status">{u.stage(number(channel.stagingPercentage))}</span>;
}

function ChannelRow({
  channel,
  stores,
  onChanged,
}: {
  channel: ChannelInfo;
  stores: Store[];
  onChanged: () => Promise<void>;
}) {
  const { t, errorText, number } = useI18n();
  const u = t.updates;
  const [stage, setStage] = useState(String(channel.stagingPercentage));
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const stations = stores.filter((s) => s.channel === channel.name).flatMap((s) => s.stations);
  const onCurrent = stations.filter((s) => s.appVersion === channel.current?.version).length;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setAsking(false);
    } catch (e) {
      setError(e);
    }
    await onChanged();
    setBusy(false);
  }

  return (
    <tr data-channel={channel.name}>
      <td>
        <strong>{channel.name}</strong>
      </td>
      <td>{channel.current?.version ?? u.none}</td>
      <td>{channel.previous?.version ?? u.none}</td>
      <td>
        <Rollout channel={channel} />
      </td>
      <td>
        {channel.current && (
          <>
            <progress max={Math.max(stations.length, 1)} value={onCurrent} aria-hidden="true" />{' '}
            {u.progress(number(onCurrent), number(stations.length), channel.current.version)}
          </>
        )}
      </td>
      <td>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => updatesApi.setStage(channel.name, Number(stage)));
          }}
        >
          <label>
            <span className="visually-hidden">{u.stageLabel(channel.name)}</span>
            <input
              type="number"
              min={0}
              max={100}
              step={1}
              className="narrow"
              aria-label={u.stageLabel(channel.name)}
              value={stage}
              onChange={(e) => setStage(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {u.setStage}
          </button>
        </form>{' '}
        {channel.paused ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => updatesApi.resume(channel.name))}
          >
            {u.resume}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => updatesApi.pause(channel.name))}
          >
            {u.pause}
          </button>
        )}{' '}
        {channel.previous && !asking && (
          <button type="button" className="danger-outline" disabled={busy} onClick={() => setAsking(true)}>
            {u.rollback}
          </button>
        )}
        {channel.previous && asking && (
          <span
            role="group"
            aria-label={u.rollbackAsk(channel.current?.version ?? '', channel.previous.version)}
          >
            {u.rollbackAsk(channel.current?.version ?? '', channel.previous.version)}{' '}
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void run(() => updatesApi.rollback(channel.name))}
            >
              {u.rollbackYes(channel.previous.version)}
            </button>{' '}
            <button type="button" onClick={() => setAsking(false)}>
              {t.cancel}
            </button>
          </span>
        )}
        {error !== null && (
          <span className="error" role="alert">
            {' '}
            {errorText(error)}
          </span>
        )}
      </td>
    </tr>
  );
}

function StoreVersions({
  store,
  channels,
  onChanged,
}: {
  store: Store;
  channels: ChannelInfo[];
  onChanged: () => Promise<void>;
}) {
  const { t, errorText } = useI18n();
  const u = t.updates;
  const [error, setError] = useState<unknown>(null);
  const current = channels.find((c) => c.name === store.channel)?.current?.version ?? null;
  const names = [...new Set([DEFAULT_CHANNEL, store.channel, ...channels.map((c) => c.name)])].sort();
  const headingId = `store-${encodeURIComponent(store.store)}`;

  async function change(channel: string) {
    setError(null);
    try {
      await updatesApi.setStoreChannel(store.store, channel);
    } catch (e) {
      setError(e);
    }
    await onChanged();
  }

  return (
    <section aria-labelledby={headingId} data-store={store.store}>
      <h3 id={headingId}>{store.store}</h3>
      <label className="inline-label">
        {u.storeChannel(store.store)}{' '}
        <select value={store.channel} onChange={(e) => void change(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {error !== null && (
        <span className="error" role="alert">
          {' '}
          {errorText(error)}
        </span>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.colStation}</th>
            <th scope="col">{u.colVersion}</th>
            <th scope="col">{u.colStage}</th>
          </tr>
        </thead>
        <tbody>
          {store.stations.map((s) => (
            <tr key={s.id} data-station-id={s.id}>
              <td>{s.name}</td>
              <td>
                {s.appVersion ?? <span className="muted">{u.notReported}</span>}
                {current !== null && s.appVersion === current && (
                  <>
                    {' '}
                    <span className="status status-ok">{u.onCurrent}</span>
                  </>
                )}
              </td>
              <td>{s.inStage ? u.inStage : <span className="muted">{u.notInStage}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function UpdatesView() {
  const { t } = useI18n();
  const u = t.updates;
  const [overview, setOverview] = useState<UpdatesOverview | null>(null);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      setOverview(await updatesApi.overview());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  return (
    <>
      <h2>{u.heading}</h2>
      <ErrorNote error={error} />
      <h3>{u.channels}</h3>
      {overview && overview.channels.length === 0 && <p className="muted">{u.noChannels}</p>}
      {overview && overview.channels.length > 0 && (
        <table aria-label={u.channels}>
          <thead>
            <tr>
              <th scope="col">{u.colChannel}</th>
              <th scope="col">{u.colCurrent}</th>
              <th scope="col">{u.colPrevious}</th>
              <th scope="col">{u.colRollout}</th>
              <th scope="col">{u.colProgress}</th>
              <th scope="col">{t.colAction}</th>
            </tr>
          </thead>
          <tbody>
            {overview.channels.map((c) => (
              <ChannelRow
                key={`${c.name}:${c.current?.id ?? ''}:${c.stagingPercentage}`}
                channel={c}
                stores={overview.stores}
                onChanged={refresh}
              />
            ))}
          </tbody>
        </table>
      )}
      <h3>{u.stores}</h3>
      {overview?.stores.map((s) => (
        <StoreVersions key={s.store} store={s} channels={overview.channels} onChanged={refresh} />
      ))}
      <UploadRelease onDone={refresh} />
    </>
  );
}
