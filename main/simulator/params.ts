/**
 * Parameter validation for each endpoint, hand-written from Stripe's API reference (the simulator
 * is runtime code and must not read the test fixture spec). Errors use Stripe's codes and wording:
 * parameter_unknown, parameter_missing, parameter_invalid_empty, parameter_invalid_integer.
 */
import { invalidParameter, listChoices, missingParameter, unknownParameter } from './stripe-errors.ts';
import type { FormObject, FormValue } from './form-encoding.ts';

export type Spec =
  | { t: 'string'; max?: number; enum?: readonly string[] }
  | { t: 'integer' }
  | { t: 'boolean' }
  | { t: 'array'; items: Spec; max?: number }
  | { t: 'object'; props: Record<string, Spec>; emptyable?: boolean }
  | { t: 'metadata' }
  | { t: 'range' };

export type Parsed = string | number | boolean | Parsed[] | { [key: string]: Parsed };

const str = (max = 5000): Spec => ({ t: 'string', max });
const oneOf = (values: readonly string[]): Spec => ({ t: 'string', enum: values });
const int: Spec = { t: 'integer' };
const bool: Spec = { t: 'boolean' };
const strings: Spec = { t: 'array', items: str() };

function invalidEmpty(name: string) {
  return invalidParameter(
    name,
    `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
    'parameter_invalid_empty',
  );
}

function asList(value: FormValue, name: string): FormValue[] {
  if (typeof value === 'string') {
    throw invalidParameter(name, `Invalid array: ${name} must be sent as ${name}[0]=..., ${name}[1]=...`);
  }
  const keys = Object.keys(value);
  if (!keys.every((k) => /^\d+$/.test(k))) {
    throw invalidParameter(name, `Invalid array: ${name} must be sent as ${name}[0]=..., ${name}[1]=...`);
  }
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k] as FormValue);
}

function parseInteger(value: FormValue, name: string): number {
  if (typeof value !== 'string') throw invalidParameter(name, `Invalid integer: ${name} must be a number`);
  if (value === '') throw invalidEmpty(name);
  if (!/^-?\d{1,15}$/.test(value)) {
    throw invalidParameter(name, `Invalid integer: ${value}`, 'parameter_invalid_integer');
  }
  return Number(value);
}

export function parseValue(spec: Spec, value: FormValue, name: string): Parsed {
  switch (spec.t) {
    case 'string': {
      if (typeof value !== 'string') throw invalidParameter(name, `Invalid ${name}: must be a string`);
      if (spec.enum) {
        if (value === '') throw invalidEmpty(name);
        if (!spec.enum.includes(value)) {
          throw invalidParameter(name, `Invalid ${name}: must be one of ${listChoices(spec.enum)}`);
        }
      }
      if (spec.max !== undefined && value.length > spec.max) {
        throw invalidParameter(name, `Invalid ${name}: must be at most ${spec.max} characters`);
      }
      return value;
    }
    case 'integer':
      return parseInteger(value, name);
    case 'boolean': {
      if (value === 'true') return true;
      if (value === 'false') return false;
      if (value === '') throw invalidEmpty(name);
      throw invalidParameter(name, `Invalid boolean: ${typeof value === 'string' ? value : name}`);
    }
    case 'array': {
      const list = asList(value, name);
      if (spec.max !== undefined && list.length > spec.max) {
        throw invalidParameter(name, `Invalid ${name}: must have at most ${spec.max} elements`);
      }
      return list.map((item, i) => parseValue(spec.items, item, `${name}[${i}]`));
    }
    case 'object': {
      if (typeof value === 'string') {
        if (value === '' && spec.emptyable) return '';
        throw invalidParameter(name, `Invalid ${name}: must be a hash (${name}[key]=value)`);
      }
      return parseObject(spec.props, value, name);
    }
    case 'metadata': {
      if (typeof value === 'string') {
        // `metadata=` unsets every key (update) or means "none" (create).
        if (value === '') return '';
        throw invalidParameter(name, `Invalid ${name}: must be a hash (${name}[key]=value)`);
      }
      const out = nullObject();
      const keys = Object.keys(value);
      if (keys.length > 50) throw invalidParameter(name, `Invalid ${name}: at most 50 keys are allowed`);
      for (const key of keys) {
        const v = value[key];
        if (typeof v !== 'string') {
          throw invalidParameter(
            `${name}[${key}]`,
            `Invalid ${name}[${key}]: metadata values must be strings`,
          );
        }
        if (key.length > 40) {
          throw invalidParameter(`${name}[${key}]`, `Invalid ${name}: keys must be at most 40 characters`);
        }
        if (v.length > 500) {
          throw invalidParameter(
            `${name}[${key}]`,
            `Invalid ${name}[${key}]: must be at most 500 characters`,
          );
        }
        out[key] = v;
      }
      return out;
    }
    case 'range': {
      if (typeof value === 'string') return parseInteger(value, name);
      return parseObject({ gt: int, gte: int, lt: int, lte: int }, value, name);
    }
  }
}

// Without a prototype, a metadata key such as `__proto__` stays an ordinary key.
function nullObject(): Record<string, Parsed> {
  return Object.create(null) as Record<string, Parsed>;
}

function parseObject(props: Record<string, Spec>, value: FormObject, prefix: string): Record<string, Parsed> {
  const out = nullObject();
  for (const key of Object.keys(value)) {
    const name = prefix === '' ? key : `${prefix}[${key}]`;
    const spec = Object.hasOwn(props, key) ? props[key] : undefined;
    if (!spec) throw unknownParameter(name);
    out[key] = parseValue(spec, value[key] as FormValue, name);
  }
  return out;
}

/** Validates a whole request's parameters against an endpoint's spec. */
export function parseParams(props: Record<string, Spec>, value: FormObject): Record<string, Parsed> {
  return parseObject(props, value, '');
}

export function requireParam(params: Record<string, Parsed>, name: string): void {
  if (params[name] === undefined) throw missingParameter(name);
}

// ---- Endpoint specs (from Stripe's OpenAPI spec for API version 2024-04-10, plus the
// related_customer / related_customer_account parameters of the pinned SDK's types) ----

export const DOCUMENT_TYPES = ['driving_license', 'id_card', 'passport'] as const;
export const SESSION_STATUSES = ['canceled', 'processing', 'requires_input', 'verified'] as const;

const documentOptions: Spec = {
  t: 'object',
  emptyable: true,
  props: {
    allowed_types: { t: 'array', items: oneOf(DOCUMENT_TYPES) },
    require_id_number: bool,
    require_live_capture: bool,
    require_matching_selfie: bool,
  },
};
const sessionOptions: Spec = { t: 'object', props: { document: documentOptions } };
const providedDetails: Spec = { t: 'object', props: { email: str(), phone: str() } };

const listCommon: Record<string, Spec> = {
  created: { t: 'range' },
  ending_before: str(),
  expand: strings,
  limit: int,
  starting_after: str(),
};

export const SPECS = {
  createSession: {
    client_reference_id: str(),
    expand: strings,
    metadata: { t: 'metadata' },
    options: sessionOptions,
    provided_details: providedDetails,
    related_customer: str(),
    related_customer_account: str(),
    return_url: str(),
    type: oneOf(['document', 'id_number']),
    verification_flow: str(),
  },
  updateSession: {
    expand: strings,
    metadata: { t: 'metadata' },
    options: sessionOptions,
    provided_details: providedDetails,
    type: oneOf(['document', 'id_number']),
  },
  expandOnly: { expand: strings },
  listSessions: {
    ...listCommon,
    client_reference_id: str(),
    related_customer: str(),
    related_customer_account: str(),
    status: oneOf(SESSION_STATUSES),
  },
  listReports: {
    ...listCommon,
    client_reference_id: str(),
    type: oneOf(['document', 'id_number']),
    verification_session: str(),
  },
  listEvents: {
    ...listCommon,
    delivery_success: bool,
    type: str(),
    types: { t: 'array', items: str(), max: 20 },
  },
  createWebhookEndpoint: {
    api_version: str(),
    description: str(),
    enabled_events: { t: 'array', items: str() },
    expand: strings,
    metadata: { t: 'metadata' },
    url: str(),
  },
  listWebhookEndpoints: { ending_before: str(), expand: strings, limit: int, starting_after: str() },
} satisfies Record<string, Record<string, Spec>>;
