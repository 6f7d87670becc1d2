/**
 * Renders sessions and events as the JSON objects of the pinned API version
 * (identity.verification_session, event): expandable fields (`provided_details`,
 * `verified_outputs` and its `dob` / `id_number`) are absent unless expanded, the related
 * customer fields are always present, and the redaction placeholders replace personal data.
 * Reports are rendered by reports.ts.
 */
import { renderReport } from './reports.ts';
import { idNumberShown, PERSON, REDACTED, REDACTED_DATE, redactedAddress } from './person.ts';
import type { EventRecord, ReportRecord, SessionRecord } from './session-records.ts';
import { SIMULATED_API_VERSION } from './version.ts';

export { renderReport, REPORT_EXPANDABLE } from './reports.ts';

/** Fields a session request may expand (`expand[]`). */
export const SESSION_EXPANDABLE = [
  'last_verification_report',
  'provided_details',
  'verified_outputs',
  'verified_outputs.dob',
  'verified_outputs.id_number',
] as const;

export interface RenderOptions {
  expand: ReadonlySet<string>;
  /** The hosted url to hand out, or null. */
  url: string | null;
  /** Events never carry the client_secret (nor the url): it is for the person in the flow only. */
  forEvent?: boolean;
}

function sessionOptions(session: SessionRecord): Record<string, unknown> {
  const options: Record<string, unknown> =
    session.type === 'id_number' ? { id_number: {} } : { document: { ...session.documentOptions } };
  if (session.contactChecks.email) options.email = { require_verification: true };
  if (session.contactChecks.phone) options.phone = { require_verification: true };
  return options;
}

function verifiedOutputs(
  session: SessionRecord,
  expand: ReadonlySet<string>,
): Record<string, unknown> | null {
  if (session.status !== 'verified' || session.lastReportId === null) return null;
  const redacted = session.redaction !== null;
  const isDocument = session.type !== 'id_number';
  const hasIdNumber = !isDocument || session.documentOptions.require_id_number === true;
  const contact = (key: 'email' | 'phone') =>
    session.contactChecks[key] ? (redacted ? REDACTED : (session.providedDetails?.[key] ?? null)) : null;
  const out: Record<string, unknown> = {
    address: isDocument ? (redacted ? redactedAddress(PERSON.address) : { ...PERSON.address }) : null,
    email: contact('email'),
    first_name: redacted ? REDACTED : PERSON.first_name,
    id_number_type: hasIdNumber ? PERSON.id_number_type : null,
    last_name: redacted ? REDACTED : PERSON.last_name,
    phone: contact('phone'),
  };
  if (expand.has('verified_outputs.dob')) out.dob = redacted ? REDACTED_DATE : { ...PERSON.dob };
  if (expand.has('verified_outputs.id_number')) {
    out.id_number = hasIdNumber
      ? redacted
        ? REDACTED
        : idNumberShown(PERSON.id_number, PERSON.id_number_type)
      : null;
  }
  return out;
}

function providedDetails(session: SessionRecord): Record<string, string> | null {
  if (!session.providedDetails) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(session.providedDetails)) {
    if (v !== undefined) out[k] = session.redaction !== null ? REDACTED : v;
  }
  return out;
}

export function renderSession(
  session: SessionRecord,
  options: RenderOptions,
  findReport: (id: string) => ReportRecord | undefined,
): Record<string, unknown> {
  const open = session.status === 'requires_input' && session.redaction === null && !options.forEvent;
  const expand = options.expand;
  let lastReport: unknown = session.lastReportId;
  if (session.lastReportId !== null && expand.has('last_verification_report')) {
    const report = findReport(session.lastReportId);
    if (report) lastReport = renderReport(report, new Set());
  }
  const body: Record<string, unknown> = {
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
    redaction: session.redaction ? { status: session.redaction } : null,
    related_customer: session.relatedCustomer,
    related_customer_account: session.relatedCustomerAccount,
    status: session.status,
    type: session.type,
    url: open ? options.url : null,
  };
  if (session.verificationFlow !== null) body.verification_flow = session.verificationFlow;
  if (expand.has('provided_details')) body.provided_details = providedDetails(session);
  if ([...expand].some((path) => path === 'verified_outputs' || path.startsWith('verified_outputs.'))) {
    body.verified_outputs = verifiedOutputs(session, expand);
  }
  return body;
}

export function renderEvent(event: EventRecord): Record<string, unknown> {
  return {
    id: event.id,
    object: 'event',
    api_version: SIMULATED_API_VERSION,
    created: event.created,
    data: { object: structuredClone(event.object) },
    livemode: false,
    pending_webhooks: event.pendingWebhooks,
    request: { id: event.request.requestId, idempotency_key: event.request.idempotencyKey },
    type: event.type,
  };
}

/** Replaces the personal fields of a session snapshot stored in an event. */
export function redactSnapshot(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...object, metadata: {} };
  const provided = object.provided_details as Record<string, unknown> | null | undefined;
  if (provided) {
    out.provided_details = Object.fromEntries(Object.keys(provided).map((k) => [k, REDACTED]));
  }
  return out;
}
