/**
 * Renders records as the JSON objects Stripe returns (identity.verification_session,
 * identity.verification_report, event), including expansion, the fixed test person and the
 * redaction placeholders.
 */
import type { EventRecord, Outcome, ReportRecord, SessionRecord } from './records.ts';

/**
 * The fake person behind every verified session: Stripe's own test data uses Jenny Rosen. Real
 * names never appear in the simulator.
 */
const PERSON = {
  first_name: 'Jenny',
  last_name: 'Rosen',
  dob: { day: 1, month: 1, year: 1901 },
  address: {
    city: 'San Francisco',
    country: 'US',
    line1: '1234 Main St.',
    line2: null,
    postal_code: '94111',
    state: 'CA',
  },
  id_number: '000000000',
  id_number_type: 'us_ssn',
  document_number: 'D1234567',
  expiration_date: { day: 1, month: 12, year: 2030 },
  issued_date: { day: 1, month: 12, year: 2020 },
} as const;

/**
 * Stripe replaces personal data with the string "[redacted]" and dates with 1970-01-01 (its
 * documented "or a similar placeholder"); metadata is erased.
 */
export const REDACTED = '[redacted]';
const REDACTED_DATE = { day: 1, month: 1, year: 1970 };
const REDACTED_ADDRESS = {
  city: REDACTED,
  country: REDACTED,
  line1: REDACTED,
  line2: null,
  postal_code: REDACTED,
  state: REDACTED,
};

export const LAST_ERROR_REASONS: Record<Exclude<Outcome, 'verified'>, string> = {
  document_expired: 'The document is expired.',
  document_unverified_other: 'The document could not be verified.',
  document_type_not_supported: 'The provided document type is not supported.',
  selfie_face_mismatch: 'The selfie does not match the photo on the document.',
  consent_declined: 'The user declined to be verified by Stripe.',
  abandoned: 'The user did not complete the verification flow.',
};

export interface RenderOptions {
  expand: ReadonlySet<string>;
  /** url and client_secret are only handed out on API responses, never in events. */
  url: string | null;
}

function sessionOptions(session: { type: string; documentOptions: object }): Record<string, unknown> {
  return session.type === 'document' ? { document: { ...session.documentOptions } } : { id_number: {} };
}

function verifiedOutputs(session: SessionRecord, withDob: boolean): Record<string, unknown> | null {
  if (session.status !== 'verified' || session.lastReportId === null) return null;
  const redacted = session.redaction !== null;
  const isDocument = session.type === 'document';
  const hasIdNumber = !isDocument || session.documentOptions.require_id_number === true;
  return {
    address: isDocument ? (redacted ? REDACTED_ADDRESS : { ...PERSON.address }) : null,
    dob: withDob ? (redacted ? REDACTED_DATE : { ...PERSON.dob }) : null,
    email: null,
    first_name: redacted ? REDACTED : PERSON.first_name,
    id_number: hasIdNumber ? (redacted ? REDACTED : PERSON.id_number) : null,
    id_number_type: hasIdNumber ? PERSON.id_number_type : null,
    last_name: redacted ? REDACTED : PERSON.last_name,
    phone: null,
  };
}

export function renderSession(
  session: SessionRecord,
  options: RenderOptions,
  findReport: (id: string) => ReportRecord | undefined,
): Record<string, unknown> {
  const open = session.status === 'requires_input' && session.redaction === null;
  const expand = options.expand;
  const wantsOutputs = expand.has('verified_outputs') || expand.has('verified_outputs.dob');
  let lastReport: unknown = session.lastReportId;
  if (session.lastReportId !== null && expand.has('last_verification_report')) {
    const report = findReport(session.lastReportId);
    if (report) lastReport = renderReport(report, new Set());
  }
  const redacted = session.redaction !== null;
  let provided: Record<string, string> | null = null;
  if (session.providedDetails) {
    provided = {};
    for (const [k, v] of Object.entries(session.providedDetails)) {
      if (v !== undefined) provided[k] = redacted ? REDACTED : v;
    }
  }
  return {
    id: session.id,
    object: 'identity.verification_session',
    client_reference_id: session.clientReferenceId,
    client_secret: open ? session.clientSecret : null,
    created: session.created,
    last_error: session.lastError ? { ...session.lastError } : null,
    last_verification_report: lastReport,
    livemode: false,
    metadata: { ...session.metadata },
    options: sessionOptions(session),
    provided_details: provided,
    redaction: session.redaction ? { status: session.redaction } : null,
    status: session.status,
    type: session.type,
    url: open ? options.url : null,
    verified_outputs: wantsOutputs ? verifiedOutputs(session, expand.has('verified_outputs.dob')) : null,
  };
}

function fileId(report: ReportRecord, n: number): string {
  return `file_${report.id.slice(3, 11)}${'sim'.repeat(4)}${n}`;
}

function documentReport(report: ReportRecord, expand: ReadonlySet<string>): Record<string, unknown> {
  const outcome = report.outcome;
  const failed = outcome.startsWith('document_');
  // Personal data only on a fully verified submission; failures carry the error alone.
  const hasData = outcome === 'verified';
  const r = report.redacted;
  const data = <T>(value: T): T | string | null => (hasData ? (r ? REDACTED : value) : null);
  return {
    address: hasData ? (r ? REDACTED_ADDRESS : { ...PERSON.address }) : null,
    dob: hasData && expand.has('document.dob') ? (r ? REDACTED_DATE : { ...PERSON.dob }) : null,
    error: failed ? { code: outcome, reason: LAST_ERROR_REASONS[outcome as 'document_expired'] } : null,
    expiration_date:
      hasData && expand.has('document.expiration_date')
        ? r
          ? REDACTED_DATE
          : { ...PERSON.expiration_date }
        : null,
    files: r ? [] : [fileId(report, 1), fileId(report, 2)],
    first_name: data(PERSON.first_name),
    issued_date: hasData ? (r ? REDACTED_DATE : { ...PERSON.issued_date }) : null,
    issuing_country: hasData ? 'US' : null,
    last_name: data(PERSON.last_name),
    number: hasData && expand.has('document.number') ? (r ? REDACTED : PERSON.document_number) : null,
    status: failed ? 'unverified' : 'verified',
    type: hasData ? (report.documentOptions.allowed_types?.[0] ?? 'driving_license') : null,
  };
}

function selfieReport(report: ReportRecord): Record<string, unknown> {
  const mismatch = report.outcome === 'selfie_face_mismatch';
  return {
    document: report.redacted ? null : fileId(report, 3),
    error: mismatch
      ? { code: 'selfie_face_mismatch', reason: LAST_ERROR_REASONS.selfie_face_mismatch }
      : null,
    selfie: report.redacted ? null : fileId(report, 4),
    status: mismatch ? 'unverified' : 'verified',
  };
}

function idNumberReport(report: ReportRecord, expand: ReadonlySet<string>): Record<string, unknown> {
  const ok = report.outcome === 'verified';
  const r = report.redacted;
  return {
    dob: ok && expand.has('id_number.dob') ? (r ? REDACTED_DATE : { ...PERSON.dob }) : null,
    error: ok ? null : { code: 'id_number_unverified_other', reason: 'The ID number could not be verified.' },
    first_name: ok ? (r ? REDACTED : PERSON.first_name) : null,
    id_number: ok && expand.has('id_number.id_number') ? (r ? REDACTED : PERSON.id_number) : null,
    id_number_type: ok ? PERSON.id_number_type : null,
    last_name: ok ? (r ? REDACTED : PERSON.last_name) : null,
    status: ok ? 'verified' : 'unverified',
  };
}

export function renderReport(report: ReportRecord, expand: ReadonlySet<string>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: report.id,
    object: 'identity.verification_report',
    client_reference_id: report.clientReferenceId,
    created: report.created,
    livemode: false,
    options: sessionOptions(report),
    type: report.type,
    verification_session: report.sessionId,
  };
  if (report.type === 'document') {
    body.document = documentReport(report, expand);
    const selfie =
      report.documentOptions.require_matching_selfie === true || report.outcome === 'selfie_face_mismatch';
    if (selfie) body.selfie = selfieReport(report);
    if (report.documentOptions.require_id_number === true) body.id_number = idNumberReport(report, expand);
  } else {
    body.id_number = idNumberReport(report, expand);
  }
  return body;
}

export function renderEvent(event: EventRecord): Record<string, unknown> {
  return {
    id: event.id,
    object: 'event',
    api_version: event.apiVersion,
    created: event.created,
    data: { object: structuredClone(event.object) },
    livemode: false,
    pending_webhooks: 0,
    request: { id: event.request.requestId, idempotency_key: event.request.idempotencyKey },
    type: event.type,
  };
}

/** Replaces the personal fields of a session snapshot stored in an event. */
export function redactSnapshot(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...object, metadata: {} };
  const provided = object.provided_details as Record<string, unknown> | null;
  if (provided) {
    out.provided_details = Object.fromEntries(Object.keys(provided).map((k) => [k, REDACTED]));
  }
  return out;
}
