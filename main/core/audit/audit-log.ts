/**
 * The audit trail: who did what at this station, kept on this computer without the customer's
 * personal data, hash-chained so an entry edited, deleted or moved is found at the next start.
 *
 * Each entry carries the hash of the one before (`prev`) and its own (`hash`, SHA-256 of its
 * fields in a fixed order). The first entry kept chains to an anchor: the hash of the last entry
 * dropped by retention (zeros before any). The chain's head (last seq and hash) is kept in a file
 * of its own, so entries cut off the end are found too. A break is reported once per start (a
 * notice to staff, and an `audit.broken` entry naming the first entry that does not fit); the
 * trail goes on from what is on disk, and the break stays visible at every start after.
 */
import { createHash } from 'node:crypto';
import { auditEntrySchema, auditHashText, type AuditEntry } from '../../../contract/staff.ts';
import type { Clock } from '../../../base/clock.ts';
import type { KeyValueStore } from '../storage/index.ts';

const ENTRIES_KEY = 'entries';
const ANCHOR_KEY = 'anchor';
const HEAD_KEY = 'head';
const ZERO = '0'.repeat(64);
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a caller says happened; the log adds seq, time, station and the chain. */
export type AuditFacts = Omit<AuditEntry, 'seq' | 'at' | 'station' | 'prev' | 'hash'>;

export interface AuditBreak {
  /** The seq of the first entry that does not fit (or the head's, when the end was cut off). */
  seq: number;
  /** When this start found it. */
  found: number;
  kind: 'edited' | 'missing_or_moved' | 'unreadable' | 'end_cut_off';
}

export interface AuditLog {
  append(facts: AuditFacts): AuditEntry;
  /** Newest first. */
  list(limit: number): { entries: AuditEntry[]; total: number };
  all(): AuditEntry[];
  /** The break found at this start, else the last one recorded on the trail, or null. */
  broken(): AuditBreak | null;
  /** Drops entries older than the retention period, moving the anchor along. */
  prune(retentionDays: number): number;
}

export interface AuditLogOptions {
  /** The entries and the anchor. */
  store: KeyValueStore;
  /** The chain's head, in a file of its own. */
  headStore: KeyValueStore;
  clock: Pick<Clock, 'now'>;
  station: string;
}

/** The entry's hash: SHA-256 of its fields in a fixed order (contract/staff.ts), the hash itself left out. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditHashText(entry)).digest('hex');
}

/** Checks the chain as stored; returns the first break, or null. */
export function findBreak(
  raw: unknown,
  anchor: { seq: number; hash: string },
  head: { seq: number; hash: string } | null,
  now: number,
): AuditBreak | null {
  const list = Array.isArray(raw) ? raw : [];
  let expectedPrev = anchor.hash;
  let expectedSeq = anchor.seq + 1;
  // The hash before the last entry: the head may be one entry behind (see below).
  let beforeLast: string | null = null;
  for (const item of list) {
    const parsed = auditEntrySchema.safeParse(item);
    if (!parsed.success) return { seq: expectedSeq, found: now, kind: 'unreadable' };
    const entry = parsed.data;
    if (entryHash(entry) !== entry.hash) return { seq: entry.seq, found: now, kind: 'edited' };
    if (entry.seq !== expectedSeq || entry.prev !== expectedPrev) {
      return { seq: Math.min(entry.seq, expectedSeq), found: now, kind: 'missing_or_moved' };
    }
    beforeLast = expectedPrev;
    expectedPrev = entry.hash;
    expectedSeq += 1;
  }
  // An append writes the entry, then the head: a process killed between the two leaves the head
  // one entry behind a sound chain. That is no break (the next append or start moves the head on);
  // a head ahead of the entries, or on another hash, is.
  const headBehindByOne = head !== null && head.seq === expectedSeq - 2 && head.hash === beforeLast;
  if (head && !headBehindByOne && (head.seq !== expectedSeq - 1 || head.hash !== expectedPrev)) {
    return { seq: Math.min(head.seq, expectedSeq), found: now, kind: 'end_cut_off' };
  }
  return null;
}

/** The last `audit.broken` entry's finding (its detail says `<kind> at entry <seq>`). */
function lastRecordedBreak(entries: readonly AuditEntry[]): AuditBreak | null {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const e = entries[i]!;
    if (e.action !== 'audit.broken') continue;
    const match = /^(edited|missing_or_moved|unreadable|end_cut_off) at entry (\d+)$/.exec(e.detail ?? '');
    if (match) return { kind: match[1] as AuditBreak['kind'], seq: Number(match[2]), found: e.at };
  }
  return null;
}

function parseHead(value: unknown): { seq: number; hash: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { seq?: unknown; hash?: unknown };
  return typeof v.seq === 'number' && typeof v.hash === 'string' ? { seq: v.seq, hash: v.hash } : null;
}

export function openAuditLog(o: AuditLogOptions): AuditLog {
  const { store, headStore, clock, station } = o;
  const anchor = (): { seq: number; hash: string } =>
    parseHead(store.get(ANCHOR_KEY)) ?? { seq: 0, hash: ZERO };
  const stored = (): unknown[] => {
    const raw = store.get(ENTRIES_KEY);
    return Array.isArray(raw) ? raw : [];
  };
  const readable = (): AuditEntry[] =>
    stored().flatMap((item) => {
      const parsed = auditEntrySchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });

  const found = findBreak(store.get(ENTRIES_KEY), anchor(), parseHead(headStore.get(HEAD_KEY)), clock.now());

  function append(facts: AuditFacts): AuditEntry {
    const list = stored();
    const last = list.length > 0 ? auditEntrySchema.safeParse(list[list.length - 1]) : null;
    const a = anchor();
    // The chain goes on from what is on disk; a break before stays where it is.
    const prev = last?.success ? last.data.hash : list.length === 0 ? a.hash : ZERO;
    const seq = last?.success ? last.data.seq + 1 : list.length === 0 ? a.seq + 1 : list.length + a.seq + 1;
    const body = { seq, at: clock.now(), station, ...facts, prev };
    const entry: AuditEntry = { ...body, hash: entryHash(body) };
    store.set(ENTRIES_KEY, [...list, entry]);
    headStore.set(HEAD_KEY, { seq: entry.seq, hash: entry.hash });
    return entry;
  }

  if (!found) {
    // Killed between an entry and its head: the head moves on to the entry now.
    const last = readable().at(-1);
    if (last && parseHead(headStore.get(HEAD_KEY))?.seq !== last.seq) {
      headStore.set(HEAD_KEY, { seq: last.seq, hash: last.hash });
    }
  }
  if (found) {
    append({
      actor: null,
      action: 'audit.broken',
      outcome: 'failed',
      sessionId: null,
      reference: null,
      reason: null,
      note: null,
      detail: `${found.kind} at entry ${found.seq}`,
    });
  }

  return {
    append,
    list(limit) {
      const all = readable();
      return { entries: all.slice(-limit).reverse(), total: all.length };
    },
    all: readable,
    // A break found at an earlier start stays on record: its `audit.broken` entry says where.
    broken: () => found ?? lastRecordedBreak(readable()),
    prune(retentionDays) {
      const cutoff = clock.now() - retentionDays * DAY_MS;
      const list = stored();
      let drop = 0;
      while (drop < list.length) {
        const parsed = auditEntrySchema.safeParse(list[drop]);
        if (!parsed.success || parsed.data.at >= cutoff) break;
        drop += 1;
      }
      if (drop === 0) return 0;
      const last = auditEntrySchema.parse(list[drop - 1]);
      store.set(ANCHOR_KEY, { seq: last.seq, hash: last.hash });
      store.set(ENTRIES_KEY, list.slice(drop));
      return drop;
    },
  };
}
