/**
 * New verification. The input is checked with the contract's schema before anything is sent:
 * each problem is shown under its field and nothing leaves the window until all are fixed.
 */
import { useId, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { FormEvent } from 'react';
import type { ErrorPayload, MethodResult } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useManagedPolicy } from './ManagedSettings.tsx';
import {
  referenceLooksPersonal,
  checkStartForm,
  DOCUMENT_TYPE_LABEL_KEYS,
  DOCUMENT_TYPE_ORDER,
  EMPTY_START_FORM,
  FORM_ORDER,
  type DocumentTypeName,
  type FieldErrors,
  type StartFormValues,
} from './start-form.ts';

export type StartOutcome = MethodResult<'sessions.start'>;

function FieldMessage({ id, field, message }: { id: string; field: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" data-testid={`field-error-${field}`}>
      {message}
    </p>
  );
}

// Usable from the first paint: starting needs nothing main has not answered yet (a start while
// offline is queued by main), so the form does not wait for app.status.
export function StartForm({ onStarted }: { onStarted: (outcome: StartOutcome) => void }) {
  const { t } = useTranslation('staff');
  const [own, setValues] = useState<StartFormValues>(EMPTY_START_FORM);
  // The hub's policy (issue 18) sets the accepted documents and checks: shown, not editable.
  const managed = useManagedPolicy()?.policy;
  const values: StartFormValues = {
    ...own,
    ...(managed?.documentTypes ? { allowedTypes: [...managed.documentTypes] } : {}),
    ...(managed?.requireLiveCapture !== undefined ? { requireLiveCapture: managed.requireLiveCapture } : {}),
    ...(managed?.requireMatchingSelfie !== undefined
      ? { requireMatchingSelfie: managed.requireMatchingSelfie }
      : {}),
    ...(managed?.requireIdNumber !== undefined ? { requireIdNumber: managed.requireIdNumber } : {}),
  };
  const documentsManaged =
    managed?.documentTypes !== undefined ||
    managed?.requireLiveCapture !== undefined ||
    managed?.requireMatchingSelfie !== undefined ||
    managed?.requireIdNumber !== undefined;
  const [errors, setErrors] = useState<FieldErrors>({});
  // The reference staff were warned about: starting again with it unchanged goes ahead.
  const [warnedFor, setWarnedFor] = useState<string | null>(null);
  const looks = referenceLooksPersonal(values.reference);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<ErrorPayload | null>(null);
  const uid = useId();
  const eid = (field: string) => `${uid}-err-${field}`;
  const set = <K extends keyof StartFormValues>(key: K, value: StartFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const toggleType = (type: DocumentTypeName, on: boolean) =>
    set('allowedTypes', on ? [...values.allowedTypes, type] : values.allowedTypes.filter((x) => x !== type));
  const invalid = (field: keyof FieldErrors) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': eid(field) } : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const { input, errors: found } = await checkStartForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // Move focus to the first field to fix, so keyboard and screen-reader users land on it.
      const first = FORM_ORDER.find((f) => found[f]);
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    if (looks !== null && warnedFor !== values.reference) {
      setWarnedFor(values.reference);
      document.querySelector<HTMLElement>('[data-field="reference"]')?.focus();
      return;
    }
    setWarnedFor(null);
    setSending(true);
    try {
      const outcome = await call('sessions.start', input);
      setValues((v) => ({ ...EMPTY_START_FORM, type: v.type }));
      onStarted(outcome);
    } catch (e) {
      setFailure(e as ErrorPayload);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="card start-form" onSubmit={submit} noValidate aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>{t('start.title')}</h2>

      <label htmlFor={`${uid}-reference`}>{t('start.reference')}</label>
      <input
        id={`${uid}-reference`}
        data-field="reference"
        name="reference"
        autoComplete="off"
        value={values.reference}
        onChange={(e) => set('reference', e.target.value)}
        {...invalid('reference')}
      />
      <FieldMessage id={eid('reference')} field="reference" message={errors.reference} />
      {!errors.reference &&
        (looks !== null && warnedFor === values.reference ? (
          <p className="field-warn" role="alert" data-testid="reference-warning">
            {t('start.reference_warning', { looks })}
          </p>
        ) : (
          <p className="hint">{t('start.reference_hint')}</p>
        ))}

      <fieldset data-field="type" tabIndex={-1}>
        <legend>{t('start.what')}</legend>
        <label className="inline">
          <input
            type="radio"
            name="type"
            checked={values.type === 'document'}
            onChange={() => set('type', 'document')}
          />
          {t('start.type_document')}
        </label>
        <label className="inline">
          <input
            type="radio"
            name="type"
            checked={values.type === 'id_number'}
            onChange={() => set('type', 'id_number')}
          />
          {t('start.type_id_number')}
        </label>
        <FieldMessage id={eid('type')} field="type" message={errors.type} />
      </fieldset>

      {values.type === 'document' && (
        <fieldset data-field="allowedTypes" tabIndex={-1} {...invalid('allowedTypes')}>
          <legend>{t('start.accepted')}</legend>
          {documentsManaged && (
            <p className="hint" data-testid="start-documents-managed">
              {t('managed.start_hint')}
            </p>
          )}
          {DOCUMENT_TYPE_ORDER.map((type) => (
            <label className="inline" key={type}>
              <input
                type="checkbox"
                name={`allowed-${type}`}
                checked={values.allowedTypes.includes(type)}
                disabled={managed?.documentTypes !== undefined}
                onChange={(e) => toggleType(type, e.target.checked)}
              />
              {t(DOCUMENT_TYPE_LABEL_KEYS[type])}
            </label>
          ))}
          <FieldMessage id={eid('allowedTypes')} field="allowedTypes" message={errors.allowedTypes} />
          <label className="inline">
            <input
              type="checkbox"
              name="requireLiveCapture"
              checked={values.requireLiveCapture}
              disabled={managed?.requireLiveCapture !== undefined}
              onChange={(e) => set('requireLiveCapture', e.target.checked)}
            />
            {t('start.live_capture')}
          </label>
          <label className="inline">
            <input
              type="checkbox"
              name="requireMatchingSelfie"
              checked={values.requireMatchingSelfie}
              disabled={managed?.requireMatchingSelfie !== undefined}
              onChange={(e) => set('requireMatchingSelfie', e.target.checked)}
            />
            {t('start.matching_selfie')}
          </label>
          <label className="inline">
            <input
              type="checkbox"
              name="requireIdNumber"
              checked={values.requireIdNumber}
              disabled={managed?.requireIdNumber !== undefined}
              onChange={(e) => set('requireIdNumber', e.target.checked)}
            />
            {t('start.also_id_number')}
          </label>
        </fieldset>
      )}
      <FieldMessage id={eid('document')} field="document" message={errors.document} />

      <label htmlFor={`${uid}-email`}>{t('start.email')}</label>
      <input
        id={`${uid}-email`}
        data-field="email"
        name="email"
        type="email"
        autoComplete="off"
        value={values.email}
        onChange={(e) => set('email', e.target.value)}
        {...invalid('email')}
      />
      <FieldMessage id={eid('email')} field="email" message={errors.email} />

      <label htmlFor={`${uid}-phone`}>{t('start.phone')}</label>
      <input
        id={`${uid}-phone`}
        data-field="phone"
        name="phone"
        type="tel"
        autoComplete="off"
        value={values.phone}
        onChange={(e) => set('phone', e.target.value)}
        {...invalid('phone')}
      />
      <FieldMessage id={eid('phone')} field="phone" message={errors.phone} />

      <ErrorNote error={failure} onDismiss={() => setFailure(null)} />
      <button type="submit" className="primary" disabled={sending} data-testid="start">
        {sending ? t('start.sending') : t('start.submit')}
      </button>
    </form>
  );
}
