/**
 * History speed at 1,000, 10,000 and 100,000 records: p50/p95 of 200 appends and of the first
 * page (newest 50, no filter), plus a text search over everything and the time to open.
 * Targets at 100,000: append ≤ 5 ms, first page ≤ 20 ms.
 *
 * Filling a history with `add` one by one would take minutes at 100,000 (each add is one file
 * write by design), so the shards are written whole, in the on-disk format, before the timed part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './stats.ts';
import { confStoreFactory } from '../test/support/conf-store.ts';
import {
  DEFAULT_SHARD_SIZE,
  RECORDS_SCHEMA_VERSION,
  openRecords,
  shardName,
  type SessionRecord,
} from '../main/core/records/index.ts';
import type { StoreFactory } from '../main/core/index.ts';

const APPENDS = 200;
const PAGES = 50;

function seed(factory: StoreFactory, count: number, start: number): void {
  let shard = 0;
  for (let offset = 0; offset < count; offset += DEFAULT_SHARD_SIZE, shard++) {
    const records: SessionRecord[] = [];
    for (let i = offset; i < Math.min(count, offset + DEFAULT_SHARD_SIZE); i++) {
      records.push({
        clientReferenceId: `csr_seed${String(i).padStart(7, '0')}`,
        sessionId: `vs_seed${String(i).padStart(7, '0')}`,
        reference: `ORDER-${i}`,
        type: i % 5 === 0 ? 'id_number' : 'document',
        status: i % 4 === 0 ? 'requires_input' : 'verified',
        lastErrorCode: i % 4 === 0 ? 'document_expired' : null,
        attempts: 1,
        station: `counter-${i % 7}`,
        staff: null,
        created: start + i * 1000,
        updated: start + i * 1000,
        redacted: false,
        redactedAt: null,
      });
    }
    factory(shardName(shard)).set('doc', {
      seq: 1,
      body: { schemaVersion: RECORDS_SCHEMA_VERSION, records },
    });
  }
  factory('history-catalog').set('doc', { seq: 1, body: { schemaVersion: 1, shardCount: shard } });
}

function fmt(samples: number[]): string {
  return `p50=${percentile(samples, 50).toFixed(2)}ms p95=${percentile(samples, 95).toFixed(2)}ms`;
}

export async function benchRecords(): Promise<string[]> {
  const lines: string[] = [];
  for (const size of [1_000, 10_000, 100_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-records-'));
    try {
      const factory = confStoreFactory(dir);
      const start = Date.now() - size * 1000 - 60_000;
      seed(factory, size, start);
      const t0 = performance.now();
      const records = openRecords({ storeFactory: factory });
      const openMs = performance.now() - t0;

      const appends: number[] = [];
      for (let i = 0; i < APPENDS; i++) {
        const a = performance.now();
        records.add({
          clientReferenceId: `csr_bench${i}`,
          reference: `BENCH-${i}`,
          type: 'document',
          status: 'queued',
        });
        appends.push(performance.now() - a);
        // Let deferred backup copies be written between appends, as they would in use.
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
      const pages: number[] = [];
      for (let i = 0; i < PAGES; i++) {
        const a = performance.now();
        records.query({}, 0, 50);
        pages.push(performance.now() - a);
      }
      const searches: number[] = [];
      for (let i = 0; i < 20; i++) {
        const a = performance.now();
        records.query({ text: `order-${i}9`, status: 'verified' }, 0, 50);
        searches.push(performance.now() - a);
      }
      records.flush();
      lines.push(
        `records ${size.toLocaleString('en')}: open=${openMs.toFixed(0)}ms append ${fmt(appends)} ` +
          `first-page ${fmt(pages)} search ${fmt(searches)}`,
      );
      if (size === 100_000) {
        const append95 = percentile(appends, 95);
        const page95 = percentile(pages, 95);
        lines.push(
          `  target at 100,000: append ≤ 5 ms (p95 ${append95.toFixed(2)} ms: ${append95 <= 5 ? 'met' : 'MISSED'}), ` +
            `first page ≤ 20 ms (p95 ${page95.toFixed(2)} ms: ${page95 <= 20 ? 'met' : 'MISSED'})`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return lines;
}
