/**
 * The dashboard: per store over a range of UTC days — started, verified, failed, abandoned,
 * canceled, not finished, checks by staff (accepted, not accepted: never sessions, never
 * verified), median time to a result — then, for the store picked (or all), the
 * days as a stacked bar chart and the failures by reason (in words, all 19 of Stripe's codes)
 * as a bar chart, each with its figures in a table. It reloads when the stream says sessions
 * changed (`version`).
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import {
  OUTCOMES,
  emptyCounts,
  type Dashboard as DashboardData,
  type OutcomeCounts,
} from '../../src/dashboard-types.ts';
import type { Series } from './Charts.tsx';
import { token } from './tokens.ts';
import { useI18n } from './i18n.tsx';
import { pictureApi } from './picture-api.ts';
import { usePicture } from './picture-i18n.ts';
import { ErrorNote } from './ErrorNote.tsx';

// Chart.js comes in its own chunk, loaded when the dashboard first has figures to draw.
const BarChart = lazy(() => import('./Charts.tsx').then((m) => ({ default: m.BarChart })));

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const OUTCOME_TOKENS = {
  verified: '--ok',
  failed: '--bad',
  abandoned: '--warn',
  canceled: '--muted',
  open: '--accent',
} as const;

export function defaultRange(now: number): { from: string; to: string } {
  return { from: iso(now - 29 * DAY_MS), to: iso(now) };
}

/** The counts added up (a day's stores); the median and the reasons are not added. */
function add(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return {
    started: a.started + b.started,
    verified: a.verified + b.verified,
    failed: a.failed + b.failed,
    abandoned: a.abandoned + b.abandoned,
    canceled: a.canceled + b.canceled,
    open: a.open + b.open,
    medianMs: null,
    reasons: {},
    checkedByStaffAccepted: a.checkedByStaffAccepted + b.checkedByStaffAccepted,
    checkedByStaffNotAccepted: a.checkedByStaffNotAccepted + b.checkedByStaffNotAccepted,
  };
}

/** Checks by staff, their own columns beside the sessions' outcomes (never in Verified). */
const STAFF_CHECKS = ['checkedByStaffAccepted', 'checkedByStaffNotAccepted'] as const;
const STAFF_TOKENS = {
  checkedByStaffAccepted: '--info-ink',
  checkedByStaffNotAccepted: '--field-line',
} as const;
const staffWord = (
  d: { staffAccepted: string; staffNotAccepted: string },
  k: (typeof STAFF_CHECKS)[number],
) => (k === 'checkedByStaffAccepted' ? d.staffAccepted : d.staffNotAccepted);

function CountsRow({ name, c, header }: { name: string; c: OutcomeCounts; header?: boolean }) {
  const { number } = useI18n();
  const { duration } = usePicture();
  return (
    <tr className={header ? 'total' : undefined}>
      <th scope="row">{name}</th>
      <td className="number">{number(c.started)}</td>
      {OUTCOMES.map((o) => (
        <td key={o} className="number">
          {number(c[o])}
        </td>
      ))}
      {STAFF_CHECKS.map((k) => (
        <td key={k} className="number">
          {number(c[k])}
        </td>
      ))}
      <td className="number">{duration(c.medianMs)}</td>
    </tr>
  );
}

export function Dashboard({ version }: { version: number }) {
  const { number } = useI18n();
  const { p, reason } = usePicture();
  const d = p.dashboard;
  const [range, setRange] = useState(() => defaultRange(Date.now()));
  const [store, setStore] = useState('');
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const valid = range.from !== '' && range.to !== '' && range.from <= range.to;

  useEffect(() => {
    if (!valid) return;
    let current = true;
    pictureApi.dashboard(range.from, range.to, store || null).then(
      (next) => {
        if (!current) return;
        setData(next);
        setError(null);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [range, store, valid, version]);

  // The picked store's days (or every store's, added up), one entry per day of the range.
  const perDay = useMemo(() => {
    if (!data) return null;
    const byDay = new Map<string, OutcomeCounts>();
    for (const s of data.stores) {
      for (const day of s.days) byDay.set(day.day, add(byDay.get(day.day) ?? emptyCounts(), day));
    }
    return data.days.map((day) => ({ day, c: byDay.get(day) ?? null }));
  }, [data]);

  const daySeries = useMemo<Series[]>(
    () =>
      perDay
        ? [
            ...OUTCOMES.map((o) => ({
              label: d.outcomes[o],
              values: perDay.map((x) => x.c?.[o] ?? 0),
              color: token(OUTCOME_TOKENS[o]),
            })),
            ...STAFF_CHECKS.map((k) => ({
              label: staffWord(d, k),
              values: perDay.map((x) => x.c?.[k] ?? 0),
              color: token(STAFF_TOKENS[k]),
            })),
          ]
        : [],
    [perDay, d],
  );
  const dayLabels = useMemo(() => (perDay ?? []).map((x) => x.day.slice(5)), [perDay]);
  const reasons = useMemo(
    () =>
      Object.entries(data?.fleet.reasons ?? {})
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, n]) => ({ code, n })),
    [data],
  );
  const reasonSeries = useMemo<Series[]>(
    () => [{ label: d.count, values: reasons.map((r) => r.n), color: token('--bad') }],
    [reasons, d],
  );
  const reasonLabels = useMemo(() => reasons.map((r) => reason(r.code)), [reasons, reason]);
  const storeName = store || d.allStores;
  const anything =
    data !== null &&
    data.fleet.started + data.fleet.checkedByStaffAccepted + data.fleet.checkedByStaffNotAccepted > 0;

  return (
    <section aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">{d.heading}</h2>
      <div className="row filters">
        <label>
          {d.from}
          <input
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
          />
        </label>
        <label>
          {d.to}
          <input
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
          />
        </label>
        <label>
          {d.pick}
          <select value={store} onChange={(e) => setStore(e.target.value)}>
            <option value="">{d.allStores}</option>
            {(data?.allStores ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!valid && (
        <p className="note note-bad" role="alert">
          {d.rangeInvalid}
        </p>
      )}
      <ErrorNote error={error} />
      {data && !anything && <p className="muted">{d.none}</p>}
      {data && anything && (
        <>
          <h3>{d.perStore}</h3>
          <div className="table-scroll">
            <table className="counts">
              <thead>
                <tr>
                  <th scope="col">{d.store}</th>
                  <th scope="col" className="number">
                    {d.started}
                  </th>
                  {OUTCOMES.map((o) => (
                    <th key={o} scope="col" className="number">
                      {d.outcomes[o]}
                    </th>
                  ))}
                  {STAFF_CHECKS.map((k) => (
                    <th key={k} scope="col" className="number">
                      {staffWord(d, k)}
                    </th>
                  ))}
                  <th scope="col" className="number">
                    {d.median}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.stores.map((s) => (
                  <CountsRow key={s.store} name={s.store} c={s.total} />
                ))}
                {data.stores.length > 1 && <CountsRow name={d.fleet} c={data.fleet} header />}
              </tbody>
            </table>
          </div>
          <Suspense fallback={<p className="muted">{p.dashboard.loadingCharts}</p>}>
            <div className="charts">
              <figure>
                <figcaption>
                  <h3>{d.perDay(storeName)}</h3>
                </figcaption>
                <BarChart
                  labels={dayLabels}
                  series={daySeries}
                  stacked
                  label={d.perDayChart(storeName, data.from, data.to)}
                />
                <details>
                  <summary>{d.perDay(storeName)}</summary>
                  <table className="counts">
                    <thead>
                      <tr>
                        <th scope="col">{d.day}</th>
                        {OUTCOMES.map((o) => (
                          <th key={o} scope="col" className="number">
                            {d.outcomes[o]}
                          </th>
                        ))}
                        {STAFF_CHECKS.map((k) => (
                          <th key={k} scope="col" className="number">
                            {staffWord(d, k)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {(perDay ?? []).map(({ day, c }) => (
                        <tr key={day}>
                          <th scope="row">{day}</th>
                          {[...OUTCOMES, ...STAFF_CHECKS].map((o) => (
                            <td key={o} className="number">
                              {number(c?.[o] ?? 0)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </figure>
              <figure>
                <figcaption>
                  <h3>{d.reasons}</h3>
                </figcaption>
                <BarChart
                  labels={reasonLabels}
                  series={reasonSeries}
                  horizontal
                  tall
                  label={d.reasonsChart(storeName)}
                />
                <table className="counts">
                  <thead>
                    <tr>
                      <th scope="col">{d.reason}</th>
                      <th scope="col" className="number">
                        {d.count}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {reasons.map((r) => (
                      <tr key={r.code}>
                        <th scope="row">
                          {reason(r.code)} <code lang="en">{r.code}</code>
                        </th>
                        <td className="number">{number(r.n)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </figure>
            </div>
          </Suspense>
        </>
      )}
    </section>
  );
}
