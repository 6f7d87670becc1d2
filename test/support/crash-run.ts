/**
 * One run of a crash worker (crash-worker.ts, audit-crash-worker.ts): a fresh Node with tsx that
 * says `ready` once started, one `<ack> <value>` line per thing it acknowledged, and `done` when a
 * final run finished; killed with SIGKILL `killAfterMs` after `ready` (or after 60 s, a hang).
 * Resolves with the acknowledged values; rejects when a worker fails, or a final one does not
 * finish.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function runCrashWorker(o: {
  /** The worker, from the project's root. */
  script: string;
  env: Record<string, string>;
  /** The first word of an acknowledgement line (`queued`, `appended`). */
  ack: string;
  final: boolean;
  killAfterMs?: number;
}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', o.script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...o.env, CS_FINAL: o.final ? '1' : '0' },
    });
    const acknowledged: string[] = [];
    let buffer = '';
    let stderr = '';
    let finished = false;
    const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(`${o.ack} `)) acknowledged.push(line.slice(o.ack.length + 1));
        if (line === 'done' || line.startsWith('done ')) finished = true;
        if (line === 'ready' && o.killAfterMs !== undefined) {
          setTimeout(() => child.kill('SIGKILL'), o.killAfterMs);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (o.final && !finished)
        reject(new Error(`final worker did not finish (${code ?? signal}): ${stderr}`));
      else if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`worker failed (${code}): ${stderr}`));
      else resolve(acknowledged);
    });
  });
}
