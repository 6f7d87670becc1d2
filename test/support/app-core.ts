/**
 * An app core on the embedded simulator over real HTTP, called the way the windows call it:
 * every argument and answer goes through the contract's schemas. Shared by the issue-level core
 * suites (attempts, kiosk, queued creations, redaction).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload, MethodName, MethodResult } from '../../contract/ipc.ts';
import { parseMethodArgs, parseMethodResult } from '../../contract/ipc.ts';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../main/core/index.ts';
import { silentLogger } from '../../base/logger.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { confStoreFactory, removeAtExit } from './conf-store.ts';
import type { MemoryKeychain } from '../harness/keychain.ts';

export interface TestCore {
  core: AppCore<RunningSimulator>;
  sim: () => RunningSimulator;
  dir: string;
  opened: string[];
  seen: Array<{ event: EventName; payload: unknown }>;
  call<K extends MethodName>(name: K, args: unknown, window?: 'staff' | 'customer'): Promise<MethodResult<K>>;
  last<E extends EventName>(event: E): EventPayload<E> | undefined;
  close(): Promise<void>;
}

/** A fresh folder for a core's stores, removed at exit even if a test closes its core by hand. */
function ownedDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-core8-'));
  removeAtExit(dir);
  return dir;
}

export async function startTestCore(
  overrides: Partial<AppCoreDeps<RunningSimulator>> = {},
  dir = ownedDir(),
): Promise<TestCore> {
  const core = await createAppCore<RunningSimulator>({
    storeFactory: confStoreFactory(dir),
    keychain: null,
    station: 'counter-1',
    version: '0.0.0-test',
    logger: silentLogger,
    startSimulator: () => startSimulator({ processingDelayMs: 20 }),
    probeIntervalMs: 100,
    returnUrl: 'http://127.0.0.1:9/return',
    ...overrides,
  });
  const opened: string[] = [];
  const seen: TestCore['seen'] = [];
  core.onOpenHostedFlow((url) => opened.push(url));
  for (const event of [
    'session.updated',
    'status.changed',
    'customer.changed',
    'outbox.item',
    'settings.changed',
  ] as const) {
    core.on(event, (payload) => seen.push({ event, payload }));
  }
  return {
    core,
    dir,
    opened,
    seen,
    sim: () => {
      const sim = core.simulator();
      if (!sim) throw new Error('this core runs on the simulator');
      return sim;
    },
    async call(name, args, window = 'staff') {
      const parsed = parseMethodArgs(name, args);
      const handler = core.handlers[name] as (a: unknown, c: { window: string }) => Promise<unknown>;
      return parseMethodResult(name, await handler(parsed, { window })) as never;
    },
    last: (event) => seen.filter((s) => s.event === event).at(-1)?.payload as never,
    async close() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A core for a station that will be connected to a hub: its keychain, stream reconnects quick
 * (the same logic as the default backoff, shorter pauses), and the heartbeat as far off as the
 * test needs it not to interfere.
 */
export function startHubStationCore(
  keychain: MemoryKeychain,
  o: { keychainService: string; heartbeatIntervalMs: number; kiosk?: boolean; station?: string },
  dir?: string,
): Promise<TestCore> {
  return startTestCore(
    {
      keychain,
      keychainService: o.keychainService,
      ...(o.kiosk ? { kiosk: true } : {}),
      ...(o.station ? { station: o.station } : {}),
      hubLink: {
        stream: { backoff: { baseMs: 20, maxMs: 200 } },
        heartbeatIntervalMs: o.heartbeatIntervalMs,
      },
    },
    ...(dir ? [dir] : []),
  );
}

/** The hub connection the station keeps in its keychain (token and station), or {} when none. */
export async function storedHubConnection(
  keychain: MemoryKeychain,
  keychainService: string,
): Promise<{ token?: string; station?: { id: string } }> {
  return JSON.parse((await keychain.getPassword(keychainService, 'hub')) ?? '{}') as {
    token?: string;
    station?: { id: string };
  };
}
