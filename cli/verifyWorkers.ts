// `ebpf verify --jobs N`: the files of a batch spread over N worker threads, each loading and
// verifying whole files. The command stays synchronous: the main thread sleeps on a shared counter
// (Atomics.wait) and collects results with receiveMessageOnPort, in the order of the files given.
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { VerifyFileOptions, VerifyFileResult } from './commands/verify';
import { CliError } from './io';

/** Shared slots: [results posted, next file to claim, a worker failed to start]. */
export const POSTED = 0;
export const NEXT = 1;
export const FAILED = 2;

export interface WorkerInput {
  readonly files: readonly string[];
  readonly options: VerifyFileOptions;
  readonly counters: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** The worker script beside this module: dist/cli/verifyWorker.js when bundled, the .ts in development. */
function workerScript(): string {
  const candidates = [path.join(__dirname, 'verifyWorker.js'), path.join(__dirname, 'verifyWorker.ts')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new CliError(`--jobs: the worker script is missing (looked for ${candidates.join(', ')})`);
  return found;
}

/**
 * The worker's first lines: load the script (through tsx in development, where it is TypeScript),
 * and if that fails say so through the shared counters, since the main thread is not listening
 * for events while it waits.
 */
function bootstrap(script: string): string {
  return [
    "const { workerData } = require('node:worker_threads');",
    'try {',
    script.endsWith('.ts') ? "  require('tsx/cjs');" : '',
    `  require(${JSON.stringify(script)});`,
    '} catch (e) {',
    '  workerData.port.postMessage({ fatal: String((e && e.message) || e) });',
    `  const shared = new Int32Array(workerData.counters);`,
    `  Atomics.store(shared, ${FAILED}, 1);`,
    `  Atomics.notify(shared, ${POSTED});`,
    '}',
  ].join('\n');
}

export function verifyInWorkers(
  files: readonly string[],
  options: VerifyFileOptions,
  jobs: number,
): VerifyFileResult[] {
  const script = workerScript();
  const counters = new SharedArrayBuffer(12);
  const shared = new Int32Array(counters);
  const results = new Map<string, VerifyFileResult>();
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < jobs; i++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = { files, options, counters, port: port2 };
      workers.push(new Worker(bootstrap(script), { eval: true, workerData: input, transferList: [port2] }));
      ports.push(port1);
    }
    let seen = 0;
    const deadline = Date.now() + 10 * 60_000;
    while (results.size < files.length) {
      // Sleep until a worker posts a result (or a second passes, to notice a worker that died).
      Atomics.wait(shared, POSTED, seen, 1000);
      seen = Atomics.load(shared, POSTED);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const r = m.message as VerifyFileResult;
          results.set(r.file, r);
        }
      }
      if (Date.now() > deadline) throw new CliError('--jobs: workers did not finish within 10 minutes');
      if (Atomics.load(shared, FAILED) !== 0) {
        const why = ports
          .flatMap((p) => {
            const m = receiveMessageOnPort(p)?.message as { fatal?: string } | undefined;
            return m?.fatal ? [m.fatal] : [];
          })
          .join('; ');
        throw new CliError(`--jobs: a worker could not start${why ? `: ${why}` : ''}; run without --jobs`);
      }
    }
  } finally {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  }
  return files.map((f) => results.get(f) ?? { file: f, programs: [], error: 'not verified' });
}
