/**
 * The station policy on the fleet page (issue 18): pick a level (the fleet, a store, a station),
 * tick the values it sets, save. The form is checked with the contract's schema before it is
 * sent (the hub checks again); the level's changes are listed with who and when.
 */
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { PolicyField, PolicyLevel } from '../../../contract/policy.ts';
import type { Overview } from '../../src/fleet-overview.ts';
import type { PolicyLevelShown } from '../../src/fleet-policy-api.ts';
import { useI18n } from './i18n.tsx';
import {
  BOOLEAN_FIELDS,
  DOCUMENT_TYPES,
  fromForm,
  LANGUAGES,
  NUMBER_FIELDS,
  toForm,
  WEEKDAYS,
  type PolicyForm,
} from './policy-form.ts';
import { policyApi } from './policy-api.ts';
import { POLICY_WORDS } from './policy-messages.ts';
import { LANGUAGE_NAMES } from './messages.ts';
import { ErrorNote } from './ErrorNote.tsx';

type Stations = Overview['stations'];

/** Fields whose control is a group (its own accessible name), not one labelled input. */
const GROUPS: ReadonlySet<PolicyField> = new Set(['kioskOpeningHours', 'languagesOffered', 'documentTypes']);

/** `fleet:`, `store:<name>` or `station:<id>`: one select's value. */
const levelKey = (level: PolicyLevel, target: string) => `${level}:${target}`;
const parseKey = (key: string): { level: PolicyLevel; target: string } => {
  const i = key.indexOf(':');
  return { level: key.slice(0, i) as PolicyLevel, target: key.slice(i + 1) };
};

export function usePolicyWords() {
  const { language } = useI18n();
  return POLICY_WORDS[language];
}

export function PolicyEditor({ stations }: { stations: Stations }) {
  const w = usePolicyWords();
  const { time } = useI18n();
  const id = useId();
  const [key, setKey] = useState(levelKey('fleet', ''));
  const [levels, setLevels] = useState<PolicyLevelShown[] | null>(null);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [history, setHistory] = useState<PolicyLevelShown[]>([]);
  const [invalid, setInvalid] = useState<PolicyField[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const stores = [...new Set(stations.filter((s) => !s.revoked).map((s) => s.store))].sort();
  const { level, target } = parseKey(key);

  const load = useCallback(async (k: string) => {
    const { level: l, target: t } = parseKey(k);
    try {
      const [all, past] = await Promise.all([policyApi.levels(), policyApi.history(l, t)]);
      setLevels(all.levels);
      const current = all.levels.find((x) => x.level === l && x.target === t);
      setForm(toForm(current?.policy ?? {}));
      setHistory(past.versions);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    // Loaded on the next tick, as the overview is (FleetPage.tsx): not in the effect's own turn.
    const timer = setTimeout(() => void load(key), 0);
    return () => clearTimeout(timer);
  }, [key, load]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setSaved(null);
    setError(null);
    const { edit, invalid: bad } = fromForm(form);
    setInvalid(bad);
    if (!edit) return;
    setBusy(true);
    try {
      const answer = await policyApi.save(level, target, edit);
      setSaved(answer.level.version);
      await load(key);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const field = (
    f: PolicyField,
    control: (disabled: boolean, inputId: string) => ReactNode,
    hint?: string,
  ) => {
    if (!form) return null;
    const inputId = `${id}-${f}`;
    const on = form.set[f];
    const bad = invalid.includes(f);
    return (
      <div className="policy-field" key={f} data-field={f}>
        <label className="policy-set">
          <input
            type="checkbox"
            checked={on}
            aria-label={w.setHere(w.fields[f])}
            onChange={(e) => setForm({ ...form, set: { ...form.set, [f]: e.target.checked } })}
          />{' '}
          <span aria-hidden="true">{w.setHereShort}</span>
        </label>
        <div className="policy-control">
          {GROUPS.has(f) ? (
            <span className="label">{w.fields[f]}</span>
          ) : (
            <label htmlFor={inputId}>{w.fields[f]}</label>
          )}
          {control(!on, inputId)}
          {bad && (
            <p className="error" role="alert">
              {w.invalid(w.fields[f])}
            </p>
          )}
          {hint && <p className="muted">{hint}</p>}
        </div>
      </div>
    );
  };
  const set = (patch: Partial<PolicyForm>) => form && setForm({ ...form, ...patch });

  return (
    <section aria-labelledby={`${id}-heading`} className="card policy" data-testid="policy-editor">
      <h2 id={`${id}-heading`}>{w.policyHeading}</h2>
      <p className="muted">{w.policyHint}</p>
      <div className="field">
        <label htmlFor={`${id}-level`}>{w.level}</label>
        <select id={`${id}-level`} value={key} onChange={(e) => setKey(e.target.value)}>
          <option value={levelKey('fleet', '')}>{w.levelFleet}</option>
          {stores.map((s) => (
            <option key={s} value={levelKey('store', s)}>
              {w.levelStore(s)}
            </option>
          ))}
          {stations
            .filter((s) => !s.revoked)
            .map((s) => (
              <option key={s.id} value={levelKey('station', s.id)}>
                {w.levelStation(s.name, s.store)}
              </option>
            ))}
        </select>
      </div>
      <ErrorNote error={error} />
      {form && levels && (
        <form onSubmit={(e) => void save(e)} noValidate aria-label={w.policyHeading}>
          {NUMBER_FIELDS.map((f) =>
            field(f, (disabled, inputId) => (
              <input
                id={inputId}
                inputMode="numeric"
                disabled={disabled}
                value={form.numbers[f]}
                aria-invalid={invalid.includes(f) || undefined}
                onChange={(e) => set({ numbers: { ...form.numbers, [f]: e.target.value } })}
              />
            )),
          )}
          {field(
            'kioskOpeningHours',
            (disabled, inputId) => (
              <fieldset
                id={inputId}
                disabled={disabled}
                className="policy-hours"
                aria-label={w.fields.kioskOpeningHours}
              >
                {WEEKDAYS.map((d) => (
                  <div key={d} className="row" data-day={d}>
                    <span>{w.days[d]}</span>
                    {(['open', 'close'] as const).map((edge) => (
                      <input
                        key={edge}
                        type="time"
                        aria-label={edge === 'open' ? w.opens(w.days[d]) : w.closes(w.days[d])}
                        value={form.hours[d][edge]}
                        onChange={(e) =>
                          set({ hours: { ...form.hours, [d]: { ...form.hours[d], [edge]: e.target.value } } })
                        }
                      />
                    ))}
                  </div>
                ))}
              </fieldset>
            ),
            w.hoursHint,
          )}
          {field('kioskTimeZone', (disabled, inputId) => (
            <input
              id={inputId}
              disabled={disabled}
              value={form.kioskTimeZone}
              onChange={(e) => set({ kioskTimeZone: e.target.value })}
            />
          ))}
          {field('languagesOffered', (disabled, inputId) => (
            <span id={inputId} className="row" role="group" aria-label={w.fields.languagesOffered}>
              {LANGUAGES.map((l) => (
                <label key={l}>
                  <input
                    type="checkbox"
                    disabled={disabled}
                    checked={form.languagesOffered.includes(l)}
                    onChange={(e) =>
                      set({
                        languagesOffered: e.target.checked
                          ? [...form.languagesOffered, l]
                          : form.languagesOffered.filter((x) => x !== l),
                      })
                    }
                  />{' '}
                  {LANGUAGE_NAMES[l]}
                </label>
              ))}
            </span>
          ))}
          {field('language', (disabled, inputId) => (
            <select
              id={inputId}
              disabled={disabled}
              value={form.language}
              onChange={(e) => set({ language: e.target.value })}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          ))}
          {field('documentTypes', (disabled, inputId) => (
            <span id={inputId} className="row" role="group" aria-label={w.fields.documentTypes}>
              {DOCUMENT_TYPES.map((d) => (
                <label key={d}>
                  <input
                    type="checkbox"
                    disabled={disabled}
                    checked={form.documentTypes.includes(d)}
                    onChange={(e) =>
                      set({
                        documentTypes: e.target.checked
                          ? [...form.documentTypes, d]
                          : form.documentTypes.filter((x) => x !== d),
                      })
                    }
                  />{' '}
                  {w.documents[d]}
                </label>
              ))}
            </span>
          ))}
          {BOOLEAN_FIELDS.map((f) =>
            field(f, (disabled, inputId) => (
              <select
                id={inputId}
                disabled={disabled}
                value={form.booleans[f] ? 'yes' : 'no'}
                onChange={(e) => set({ booleans: { ...form.booleans, [f]: e.target.value === 'yes' } })}
              >
                <option value="yes">{w.yes}</option>
                <option value="no">{w.no}</option>
              </select>
            )),
          )}
          {field('returnUrl', (disabled, inputId) => (
            <input
              id={inputId}
              type="url"
              disabled={disabled}
              value={form.returnUrl}
              onChange={(e) => set({ returnUrl: e.target.value })}
            />
          ))}
          {field(
            'redactAfterDays',
            (disabled, inputId) => (
              <input
                id={inputId}
                inputMode="numeric"
                disabled={disabled}
                value={form.redactAfterDays}
                onChange={(e) => set({ redactAfterDays: e.target.value })}
              />
            ),
            w.redactHint,
          )}
          {field(
            'kioskPinHash',
            (disabled, inputId) => (
              <input
                id={inputId}
                type="password"
                inputMode="numeric"
                autoComplete="new-password"
                disabled={disabled}
                value={form.kioskPin}
                placeholder={form.pinSet ? w.pinSetShown : ''}
                onChange={(e) => set({ kioskPin: e.target.value.replace(/\s/g, '') })}
              />
            ),
            form.pinSet ? w.pinKept : w.pinNew,
          )}
          <button type="submit" className="primary" disabled={busy} data-testid="policy-save">
            {busy ? w.saving : w.save}
          </button>
          {saved !== null && (
            <p className="note note-ok" role="status">
              {w.saved(saved)}
            </p>
          )}
        </form>
      )}
      <h3>{w.history}</h3>
      {history.length === 0 ? (
        <p className="muted">{w.noHistory}</p>
      ) : (
        <ol className="policy-history" data-testid="policy-history">
          {history.slice(0, 10).map((v) => (
            <li key={v.version}>{w.historyEntry(v.version, v.changedBy, time(v.changedAt))}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
