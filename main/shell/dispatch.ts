/**
 * How main answers a call from a window, whatever carries it (Electron IPC in ipc-binding.ts,
 * HTTP in the test harness). Pure: no Electron at runtime. The rules, in order:
 *
 *   1. the method is one the contract declares (an own property: `__proto__` is not a method);
 *   2. the sender is one of the app's own windows, showing one of the app's own pages
 *      (app://countersign/...), in its top frame: a hosted page loaded in the customer window
 *      gets nothing, even though the preload runs there too;
 *   3. that window is among the method's callers (the customer window cannot read results);
 *   4. the arguments pass the method's schema;
 *   5. the handler's typed errors cross as { code, message }; anything else as `internal`,
 *      without its text, which may hold a request body or a secret.
 *
 * `dispatch` never throws and never rejects: a hostile renderer gets a typed refusal.
 */
import type { IpcMainInvokeEvent } from 'electron';
import type {
  Caller,
  Envelope,
  ErrorPayload,
  EventSpec,
  MethodSpec,
  WindowKind,
} from '../../contract/ipc.ts';
import { fieldProblemText } from '../../contract/error-messages.ts';
import { toErrorPayload } from '../../contract/errors.ts';
import { fieldProblems } from '../../contract/start-input.ts';
import { isAppUrl } from './origins.ts';

export interface ContractLike {
  readonly methods: Readonly<Record<string, MethodSpec>>;
}

/** Any contract handler: `ContractHandlers` is assignable to a record of these. */
export type AnyHandler = (args: never, caller: Caller) => Promise<unknown>;

export interface SenderFacts {
  /** The kind of app window that sent the call; null when it is none of the app's windows. */
  senderKind: WindowKind | null;
  /** The URL of the sending frame; null when unknown (a frame already gone). */
  senderUrl: string | null;
}

export type Denial =
  | 'unknown_method'
  | 'unknown_sender'
  | 'foreign_origin'
  | 'forbidden_caller'
  | 'bad_args'
  | 'handler_failed'
  | 'bad_result';

export type DispatchResult =
  { ok: true; value: unknown } | { ok: false; error: ErrorPayload; denial: Denial };

export interface DispatchLogEntry {
  /** The method name, cut short: for an unknown method it is whatever the caller sent. */
  method: string;
  window: WindowKind | null;
  ok: boolean;
  denial?: Denial;
  code?: string;
  elapsedMs: number;
}

export interface DispatchOptions {
  /** Check each result against the contract. Main always does: the strict result schemas keep a url or secret out of a renderer. */
  validateResult?: boolean;
  /** One line per call: never arguments, never results. */
  log?: (entry: DispatchLogEntry) => void;
  now?: () => number;
}

const REFUSED: Record<Exclude<Denial, 'handler_failed' | 'bad_args'>, ErrorPayload> = {
  unknown_method: { code: 'invalid_input', message: 'Countersign does not know that request.' },
  unknown_sender: { code: 'invalid_input', message: 'That request did not come from a Countersign window.' },
  foreign_origin: { code: 'invalid_input', message: 'That request did not come from a Countersign page.' },
  forbidden_caller: { code: 'invalid_input', message: 'This window is not allowed to make that request.' },
  bad_result: toErrorPayload(new Error('result failed the contract')),
};

function badArgs(method: string, issues: Parameters<typeof fieldProblems>[0]): ErrorPayload {
  const problems = fieldProblems(issues).slice(0, 10);
  const text = problems.map((p) => `${p.field.slice(0, 80)}: ${p.message.slice(0, 200)}`).join(' ');
  const first = issues.issues[0];
  const said = first && fieldProblemText(String(first.path.at(-1) ?? ''), first.code);
  // The field's own text where its name says what is wrong (a PIN of the wrong form…), so a
  // window says it in its language; else the code's general text.
  return said
    ? { code: 'invalid_input', message: `${method}: ${text}`, text: said }
    : { code: 'invalid_input', message: `${method}: ${text}` };
}

export async function dispatch(
  contract: ContractLike,
  handlers: Readonly<Record<string, AnyHandler>>,
  sender: SenderFacts,
  method: unknown,
  rawArgs: unknown,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const name = typeof method === 'string' ? method.slice(0, 64) : `(${typeof method})`;
  const finish = (result: DispatchResult): DispatchResult => {
    try {
      options.log?.({
        method: name,
        window: sender.senderKind,
        ok: result.ok,
        ...(result.ok ? {} : { denial: result.denial, code: result.error.code }),
        elapsedMs: now() - started,
      });
    } catch {
      // A failing logger must not change the answer.
    }
    return result;
  };
  const refuse = (denial: Denial, error: ErrorPayload = REFUSED[denial as keyof typeof REFUSED]) =>
    finish({ ok: false, error, denial });

  try {
    if (typeof method !== 'string' || !Object.hasOwn(contract.methods, method))
      return refuse('unknown_method');
    const spec = contract.methods[method] as MethodSpec;
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (sender.senderKind === null) return refuse('unknown_sender');
    if (!isAppUrl(sender.senderUrl)) return refuse('foreign_origin');
    if (!spec.callers.includes(sender.senderKind)) return refuse('forbidden_caller');
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) return refuse('bad_args', badArgs(method, parsed.error));
    if (typeof handler !== 'function') return refuse('handler_failed', toErrorPayload(undefined));
    let value: unknown;
    try {
      value = await (handler as (args: unknown, caller: Caller) => Promise<unknown>)(parsed.data, {
        window: sender.senderKind,
      });
    } catch (error) {
      return refuse('handler_failed', toErrorPayload(error));
    }
    if (options.validateResult) {
      const checked = spec.result.safeParse(value);
      if (!checked.success) return refuse('bad_result');
      value = checked.data;
    }
    return finish({ ok: true, value });
  } catch (error) {
    // A schema or logger that throws: still a typed answer, never a rejection.
    return { ok: false, error: toErrorPayload(error), denial: 'handler_failed' };
  }
}

/** What crosses IPC: the denial kind stays in main's log. */
export function toEnvelope(result: DispatchResult): Envelope {
  return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
}

/** The IPC-side facts about a sender, read from Electron's event. */
export function senderFactsOf(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  windowKindOf: (webContentsId: number) => WindowKind | null,
): SenderFacts {
  const frame = event.senderFrame;
  // Only the top frame of an app window speaks for it: an iframe never does.
  const topFrame = frame !== null && frame.parent === null;
  return {
    senderKind: windowKindOf(event.sender.id),
    senderUrl: topFrame ? frame.url : null,
  };
}

export interface EventTarget {
  kind: WindowKind;
  /** The URL the window shows now. */
  url: string;
}

/**
 * Which windows get an event: those the contract addresses it to, and only while they show an
 * app page (not while the customer window is on the hosted flow).
 */
export function eventRecipients<T extends EventTarget>(spec: EventSpec, windows: readonly T[]): T[] {
  return windows.filter((w) => spec.to.includes(w.kind) && isAppUrl(w.url));
}

export type EventCheck = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Whether an event's payload passes the contract, and if not why, for main's log: the paths and
 * issue codes of the first few problems, never the values (a payload that fails may be one that
 * carries a url or personal data by mistake).
 */
export function checkEventPayload(spec: EventSpec, payload: unknown): EventCheck {
  const checked = spec.payload.safeParse(payload);
  if (checked.success) return { ok: true, value: checked.data };
  const issues = checked.error.issues.slice(0, 5).map((issue) => {
    const at = issue.path.map((p) => String(p).slice(0, 40)).join('.') || '(payload)';
    const keys =
      issue.code === 'unrecognized_keys' ? ` ${issue.keys.map((k) => k.slice(0, 40)).join(',')}` : '';
    return `${at}: ${issue.code}${keys}`;
  });
  return { ok: false, reason: `payload failed the contract (${issues.join('; ')})` };
}
