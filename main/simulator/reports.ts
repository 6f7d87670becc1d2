/**
 * Renders a verification report (identity.verification_report) of the pinned API version: one
 * section per check the session ran, the failing check's `error`, personal data only where a
 * check verified it, expandable fields (document dob / expiration_date / number, id_number dob /
 * id_number) absent unless expanded, and the redaction placeholders.
 */
import { FAILURES, type FailureSource } from './failures.ts';
import { idNumberShown, PERSON, REDACTED, REDACTED_DATE, redactedAddress } from './person.ts';
import type { ReportRecord } from './session-records.ts';

/** Fields a report request may expand (`expand[]`). */
export const REPORT_EXPANDABLE = [
  'document.dob',
  'document.expiration_date',
  'document.number',
  'id_number.dob',
  'id_number.id_number',
] as const;

type Json = Record<string, unknown>;

/** The check whose error the outcome is, or null (verified, or a failure outside the checks). */
function failingCheck(report: ReportRecord): FailureSource | null {
  return report.outcome === 'verified' ? null : FAILURES[report.outcome].source;
}

/** A check's status and error: unverified with the outcome's code when it is the failing check. */
function checkResult(report: ReportRecord, check: FailureSource): { status: string; error: Json | null } {
  if (failingCheck(report) !== check) return { status: 'verified', error: null };
  const code = report.outcome;
  return { status: 'unverified', error: { code, reason: FAILURES[code as keyof typeof FAILURES].reason } };
}

function fileId(report: ReportRecord, n: number): string {
  return `file_${report.id.slice(3, 11)}${'sim'.repeat(4)}${n}`;
}

function date<T extends object>(value: T, redacted: boolean): T | typeof REDACTED_DATE {
  return redacted ? REDACTED_DATE : { ...value };
}

function documentSection(report: ReportRecord, expand: ReadonlySet<string>): Json {
  const result = checkResult(report, 'document');
  // Personal data only when the document itself checked out.
  const ok = result.status === 'verified';
  const r = report.redacted;
  const text = (value: string) => (ok ? (r ? REDACTED : value) : null);
  const out: Json = {
    address: ok ? (r ? redactedAddress(PERSON.address) : { ...PERSON.address }) : null,
    error: result.error,
    files: r ? [] : [fileId(report, 1), fileId(report, 2)],
    first_name: text(PERSON.first_name),
    issued_date: ok ? date(PERSON.issued_date, r) : null,
    issuing_country: ok ? 'US' : null,
    last_name: text(PERSON.last_name),
    status: result.status,
    type: ok ? (report.documentOptions.allowed_types?.[0] ?? 'driving_license') : null,
  };
  if (expand.has('document.dob')) out.dob = ok ? date(PERSON.dob, r) : null;
  if (expand.has('document.expiration_date')) {
    out.expiration_date = ok ? date(PERSON.expiration_date, r) : null;
  }
  if (expand.has('document.number')) out.number = text(PERSON.document_number);
  return out;
}

function selfieSection(report: ReportRecord): Json {
  const result = checkResult(report, 'selfie');
  return {
    document: report.redacted ? null : fileId(report, 3),
    error: result.error,
    selfie: report.redacted ? null : fileId(report, 4),
    status: result.status,
  };
}

function idNumberSection(report: ReportRecord, expand: ReadonlySet<string>): Json {
  const result = checkResult(report, 'id_number');
  const ok = result.status === 'verified';
  const r = report.redacted;
  const out: Json = {
    error: result.error,
    first_name: ok ? (r ? REDACTED : PERSON.first_name) : null,
    id_number_type: ok ? PERSON.id_number_type : null,
    last_name: ok ? (r ? REDACTED : PERSON.last_name) : null,
    status: result.status,
  };
  if (expand.has('id_number.dob')) out.dob = ok ? date(PERSON.dob, r) : null;
  if (expand.has('id_number.id_number')) {
    out.id_number = ok ? (r ? REDACTED : idNumberShown(PERSON.id_number, PERSON.id_number_type)) : null;
  }
  return out;
}

function contactSection(report: ReportRecord, check: 'email' | 'phone'): Json {
  const result = checkResult(report, check);
  const value = report.contact[check];
  return {
    error: result.error,
    [check]: result.status === 'verified' && value !== null ? (report.redacted ? REDACTED : value) : null,
    status: result.status,
  };
}

export function renderReport(report: ReportRecord, expand: ReadonlySet<string>): Json {
  const isIdNumber = report.type === 'id_number';
  const body: Json = {
    id: report.id,
    object: 'identity.verification_report',
    client_reference_id: report.clientReferenceId,
    created: report.created,
    livemode: false,
    options: isIdNumber ? { id_number: {} } : { document: { ...report.documentOptions } },
    type: report.type,
    verification_session: report.sessionId,
  };
  if (report.verificationFlow !== null) body.verification_flow = report.verificationFlow;
  if (isIdNumber) {
    body.id_number = idNumberSection(report, expand);
  } else {
    body.document = documentSection(report, expand);
    if (report.documentOptions.require_matching_selfie === true) body.selfie = selfieSection(report);
    if (report.documentOptions.require_id_number === true) body.id_number = idNumberSection(report, expand);
  }
  if (report.contactChecks.email) body.email = contactSection(report, 'email');
  if (report.contactChecks.phone) body.phone = contactSection(report, 'phone');
  return body;
}
