/**
 * The start form's values and their check, kept apart from React so the rules are unit-tested.
 * The check is the contract's own schema for `sessions.start`: what passes here is exactly what
 * main accepts, and the messages under each field are the schema's messages.
 */
import { contractSchemas } from './contract-schemas.ts';
import type { MethodArgs } from '../../../contract/ipc.ts';
import type { DocumentType } from '../../../contract/start-input.ts';
import {
  REFERENCE_MAX,
  START_INPUT_MESSAGES,
  type StartInputMessage,
} from '../../../contract/start-input-messages.ts';
import { i18n } from '../shared/i18n/index.ts';

export type DocumentTypeName = DocumentType;

/** The documents in the order the form offers them, each with its label's catalogue key. */
export const DOCUMENT_TYPE_LABEL_KEYS: Readonly<Record<DocumentTypeName, string>> = {
  driving_license: 'staff:start.document.driving_license',
  id_card: 'staff:start.document.id_card',
  passport: 'staff:start.document.passport',
};
export const DOCUMENT_TYPE_ORDER = Object.keys(DOCUMENT_TYPE_LABEL_KEYS) as DocumentTypeName[];

/** Each of the contract's field messages has its words in the catalogue. */
export const START_MESSAGE_KEYS = Object.fromEntries(
  Object.keys(START_INPUT_MESSAGES).map((id) => [id, `staff:start.error.${id}`]),
) as Readonly<Record<StartInputMessage, string>>;

const MESSAGE_ID = new Map<string, StartInputMessage>(
  Object.entries(START_INPUT_MESSAGES).map(([id, text]) => [text, id as StartInputMessage]),
);

/** A field message from the contract's schema, in the page's language. */
export function startFieldMessage(contractMessage: string): string {
  const id = MESSAGE_ID.get(contractMessage);
  return id ? i18n.t(START_MESSAGE_KEYS[id], { max: REFERENCE_MAX }) : i18n.t('staff:start.error.other');
}

export interface StartFormValues {
  type: 'document' | 'id_number';
  allowedTypes: DocumentTypeName[];
  requireLiveCapture: boolean;
  requireMatchingSelfie: boolean;
  requireIdNumber: boolean;
  email: string;
  phone: string;
  reference: string;
}

export const EMPTY_START_FORM: StartFormValues = {
  type: 'document',
  allowedTypes: ['driving_license', 'id_card', 'passport'],
  requireLiveCapture: true,
  requireMatchingSelfie: true,
  requireIdNumber: false,
  email: '',
  phone: '',
  reference: '',
};

export type StartInput = MethodArgs<'sessions.start'>;

/**
 * A reference is an order or ticket number, not a place for personal data: one that looks like
 * an email address, a phone number or a person's name gets a warning before it is saved.
 * Returns what it looks like, or null.
 */
export function referenceLooksPersonal(reference: string): 'email' | 'phone' | 'name' | null {
  const text = reference.trim();
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(text) || /@/.test(text)) return 'email';
  const digits = text.replace(/[\s()./-]/g, '');
  if (/^\+?\d{9,15}$/.test(digits) && /^[+0(]/.test(text)) return 'phone';
  // Two or three capitalised words of letters only ("Jane Doe", "Mary Ann Smith"): a name.
  if (/^\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+){1,2}$/u.test(text)) return 'name';
  return null;
}

/** Form values → the contract's input. Empty optional fields are left out, not sent as ''. */
export function toStartInput(v: StartFormValues): StartInput {
  const input: StartInput = { type: v.type, reference: v.reference };
  if (v.type === 'document') {
    input.document = {
      allowedTypes: [...v.allowedTypes],
      requireLiveCapture: v.requireLiveCapture,
      requireMatchingSelfie: v.requireMatchingSelfie,
      requireIdNumber: v.requireIdNumber,
    };
  }
  if (v.email.trim() !== '') input.email = v.email;
  if (v.phone.trim() !== '') input.phone = v.phone;
  return input;
}

/** Field name (as the form names it) → message. Empty when the input may be sent. */
export type FieldErrors = Partial<
  Record<'type' | 'allowedTypes' | 'document' | 'email' | 'phone' | 'reference', string>
>;

const FIELD_BY_PATH: Record<string, keyof FieldErrors> = {
  type: 'type',
  'document.allowedTypes': 'allowedTypes',
  document: 'document',
  email: 'email',
  phone: 'phone',
  reference: 'reference',
};

/** The fields in the order the form shows them: focus goes to the first one to fix. */
export const FORM_ORDER: ReadonlyArray<keyof FieldErrors> = [
  'reference',
  'type',
  'allowedTypes',
  'document',
  'email',
  'phone',
];

export async function checkStartForm(
  v: StartFormValues,
): Promise<{ input: StartInput; errors: FieldErrors }> {
  const input = toStartInput(v);
  const { methods } = await contractSchemas();
  const parsed = methods['sessions.start'].args.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      // Anything the form has no field for is shown at the top of the form ('document').
      const field = FIELD_BY_PATH[path] ?? (path.startsWith('document') ? 'allowedTypes' : 'document');
      errors[field] ??= startFieldMessage(issue.message);
    }
  }
  return { input, errors };
}
