/**
 * The settings the hub manages on this station (issue 18): each value and the level it comes
 * from (the fleet, the store, this station), read-only. Follows `settings.changed`, so a change
 * made on the fleet page shows here as soon as the station has it.
 */
import { useEffect, useState } from 'react';
import type { ManagedPolicy } from '../../../contract/policy.ts';
import { useTranslation } from '../shared/i18n/react.ts';
import { call, subscribe } from '../shared/ipc-client.ts';
import { MANAGED_LABEL_KEYS, managedFieldsOf, managedValue } from './managed-settings-text.ts';

/** The hub's policy as the staff window knows it: loaded once, then followed. */
export function useManagedPolicy(): ManagedPolicy | null {
  const [managed, setManaged] = useState<ManagedPolicy | null>(null);
  useEffect(() => {
    let live = true;
    call('settings.managed').then(
      (m) => live && setManaged(m),
      () => undefined, // the panel's own load shows main's failure
    );
    const stop = subscribe('settings.changed', (e) => setManaged(e.managed));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return managed;
}

export function ManagedSettings({ managed }: { managed: ManagedPolicy | null }) {
  const { t } = useTranslation('staff');
  const fields = managedFieldsOf(managed);
  if (!managed) return null;
  return (
    <section
      className="card"
      aria-labelledby="managed-title"
      data-testid="managed-settings"
      data-version={managed.version}
    >
      <h2 id="managed-title">{t('managed.title')}</h2>
      <p className="hint">{fields.length > 0 ? t('managed.hint') : t('managed.none')}</p>
      {fields.length > 0 && (
        <dl className="managed-list">
          {fields.map((field) => (
            <div key={field} data-testid={`managed-${field}`} data-source={managed.sources[field]}>
              <dt>{t(MANAGED_LABEL_KEYS[field])}</dt>
              <dd>
                <span className="managed-value">{managedValue(field, managed, t)}</span>{' '}
                <span className="muted">{t('managed.source_note', { source: managed.sources[field] })}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted">{t('managed.version', { version: managed.version })}</p>
    </section>
  );
}
