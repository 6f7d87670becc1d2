/**
 * Any station's policy in force (issue 18): each value and the level it comes from, as the hub
 * computes it for the station's stream.
 */
import { useId, useState } from 'react';
import { POLICY_FIELDS, type PolicyField } from '../../../contract/policy.ts';
import type { Overview } from '../../src/fleet-overview.ts';
import type { EffectivePolicyAnswer } from '../../src/fleet-policy-api.ts';
import { LANGUAGE_NAMES } from './messages.ts';
import { policyApi } from './policy-api.ts';
import type { PolicyWords } from './policy-messages.ts';
import { usePolicyWords } from './PolicyEditor.tsx';
import { WEEKDAYS } from './policy-form.ts';
import { ErrorNote } from './ErrorNote.tsx';

function shown(field: PolicyField, p: EffectivePolicyAnswer['policy'], w: PolicyWords): string {
  switch (field) {
    case 'kioskPinHash':
      return w.pinSetShown;
    case 'languagesOffered':
      return (p.languagesOffered ?? []).map((l) => LANGUAGE_NAMES[l]).join(', ');
    case 'language':
      return p.language ? LANGUAGE_NAMES[p.language] : '';
    case 'documentTypes':
      return (p.documentTypes ?? []).map((d) => w.documents[d]).join(', ');
    case 'requireLiveCapture':
    case 'requireMatchingSelfie':
    case 'requireIdNumber':
      return p[field] ? w.yes : w.no;
    case 'kioskOpeningHours':
      return WEEKDAYS.filter((d) => (p.kioskOpeningHours?.[d]?.length ?? 0) > 0)
        .map((d) => `${w.days[d]} ${p.kioskOpeningHours![d]!.map((i) => `${i.open}–${i.close}`).join(', ')}`)
        .join('; ');
    case 'returnUrl':
      return p.returnUrl ?? w.none;
    case 'redactAfterDays':
      return p.redactAfterDays === null || p.redactAfterDays === undefined
        ? w.never
        : String(p.redactAfterDays);
    default:
      return String(p[field] ?? '');
  }
}

export function EffectivePolicyView({ stations }: { stations: Overview['stations'] }) {
  const w = usePolicyWords();
  const id = useId();
  const [stationId, setStationId] = useState('');
  const [effective, setEffective] = useState<EffectivePolicyAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);

  function choose(id: string) {
    setStationId(id);
    setEffective(null);
    if (!id) return;
    policyApi.effective(id).then(
      (e) => {
        setEffective(e);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }

  const fields = effective ? POLICY_FIELDS.filter((f) => effective.sources[f] !== undefined) : [];
  return (
    <section aria-labelledby={`${id}-heading`} className="card" data-testid="effective-policy">
      <h2 id={`${id}-heading`}>{w.effectiveHeading}</h2>
      <div className="field">
        <label htmlFor={`${id}-station`}>{w.effectiveStation}</label>
        <select id={`${id}-station`} value={stationId} onChange={(e) => choose(e.target.value)}>
          <option value="">{w.effectiveChoose}</option>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {w.levelStation(s.name, s.store)}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={error} />
      {effective && fields.length === 0 && <p className="muted">{w.effectiveNone}</p>}
      {effective && fields.length > 0 && (
        <>
          <table aria-labelledby={`${id}-heading`}>
            <thead>
              <tr>
                <th>{w.colSetting}</th>
                <th>{w.colValue}</th>
                <th>{w.colSource}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f} data-field={f} data-source={effective.sources[f]}>
                  <td>{w.fields[f]}</td>
                  <td>{shown(f, effective.policy, w)}</td>
                  <td>{w.sources[effective.sources[f]!]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{w.effectiveVersion(effective.version)}</p>
        </>
      )}
    </section>
  );
}
