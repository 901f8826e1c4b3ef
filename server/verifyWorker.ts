// Verification off the server's main thread: a worker thread loads the object and verifies its
// programs, so hover, completion and other requests are answered while it works. The worker keeps
// the last few results and answers `stateAt` for hover from them. The worker's script is
// dist/server/verifyThread.js (server/verifyThread.ts); without it the server verifies in-thread.

import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { loadObject } from '../core/program/loader';
import type { ProgramTypeRule } from '../core/program/programTypes';
import { linuxProfile, windowsProfile } from '../core/platform/index';
import { verifyProgram } from '../core/verifier/index';
import type { Diagnostic, StateSummary, VerificationResult } from '../core/verifier/types';

export interface VerifyRequest {
  readonly object: Uint8Array;
  /** A platform forced by the setting, or auto-detection. */
  readonly platform: 'windows' | 'linux' | 'auto';
  readonly sourceText: string;
  readonly fileName: string;
  /** The ebpf.programTypes setting, so both threads type the programs alike. */
  readonly programTypes: Readonly<Record<string, string>>;
  /** The ebpf.linux.unprivileged setting. */
  readonly linuxUnprivileged?: boolean;
}

/** The ebpf.programTypes setting (section glob → type) as loader rules. */
export function settingTypeRules(programTypes: Readonly<Record<string, string>>): ProgramTypeRule[] {
  return Object.entries(programTypes).map(([section, type]) => ({
    section,
    type,
    origin: 'the ebpf.programTypes setting',
  }));
}

/** One program's outcome, as plain data (it crosses threads). */
export type VerifiedProgram =
  | {
      readonly ok: true;
      readonly verdict: 'pass' | 'fail';
      readonly diagnostics: readonly Diagnostic[];
      readonly stats: VerificationResult['stats'];
    }
  | { readonly ok: false; readonly error: string };

type ToWorker =
  | ({ readonly type: 'verify'; readonly id: number } & VerifyRequest)
  | {
      readonly type: 'state';
      readonly id: number;
      readonly req: number;
      readonly program: number;
      readonly pc: number;
    };

type FromWorker =
  | { readonly type: 'verified'; readonly id: number; readonly programs?: VerifiedProgram[]; readonly error?: string }
  | { readonly type: 'state'; readonly req: number; readonly state: StateSummary | undefined };

/** Results kept for hover (the newest analyses of open documents). */
const KEEP = 8;

/**
 * While typing, a program the analysis cannot settle within this long gets `too-complex` rather than
 * keeping the worker busy (the CLI and the debugger wait for the platforms' own work caps).
 */
const AS_YOU_TYPE_BUDGET_MS = 5000;

/** Load and verify (in whichever thread calls it); the verification results stay with the caller. */
export function verifyObject(request: VerifyRequest): { results: (VerificationResult | string)[] } {
  const forced = request.platform === 'windows' ? windowsProfile : request.platform === 'linux' ? linuxProfile : 'auto';
  const loaded = loadObject(request.object, {
    platform: forced,
    sourceText: request.sourceText,
    fileName: request.fileName,
    programTypes: settingTypeRules(request.programTypes),
  });
  return {
    results: loaded.programs.map((p) => {
      try {
        return verifyProgram(p, {
          privileged: request.linuxUnprivileged !== true,
          timeBudgetMs: AS_YOU_TYPE_BUDGET_MS,
        });
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    }),
  };
}

export function plain(r: VerificationResult | string): VerifiedProgram {
  return typeof r === 'string'
    ? { ok: false, error: r }
    : { ok: true, verdict: r.verdict, diagnostics: r.diagnostics, stats: r.stats };
}

/** The worker side: answer requests until the thread is terminated. */
export function serveVerification(): void {
  const port = parentPort;
  if (isMainThread || !port) return;
  const kept = new Map<number, (VerificationResult | string)[]>();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'verify') {
      let reply: FromWorker;
      try {
        const { results } = verifyObject(m);
        kept.set(m.id, results);
        if (kept.size > KEEP) kept.delete(kept.keys().next().value as number);
        reply = { type: 'verified', id: m.id, programs: results.map(plain) };
      } catch (e) {
        reply = { type: 'verified', id: m.id, error: e instanceof Error ? e.message : String(e) };
      }
      port.postMessage(reply);
    } else {
      const r = kept.get(m.id)?.[m.program];
      const state = r && typeof r !== 'string' ? r.stateAt(m.pc) : undefined;
      port.postMessage({ type: 'state', req: m.req, state } satisfies FromWorker);
    }
  });
}

export interface VerifiedObject {
  readonly programs: readonly VerifiedProgram[];
  /** The state before `pc` in program `index`, for hover. */
  stateAt(index: number, pc: number): Promise<StateSummary | undefined>;
}

/**
 * The main-thread side: one worker, started on first use, taking requests in order. A request
 * made stale (its signal aborts) is answered at once with undefined; the worker still finishes it
 * (verification is bounded by the verifier's time budget), and its result is dropped.
 */
export class VerifyThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (m: FromWorker) => void>();
  private readonly states = new Map<number, (s: StateSummary | undefined) => void>();

  constructor(private readonly script: string) {}

  verify(request: VerifyRequest, signal: AbortSignal): Promise<VerifiedObject | undefined> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.delete(id);
        this.idle();
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, (m) => {
        signal.removeEventListener('abort', onAbort);
        if (m.type !== 'verified') return;
        if (m.error !== undefined) reject(new Error(m.error));
        else resolve({ programs: m.programs ?? [], stateAt: (index, pc) => this.stateAt(worker, id, index, pc) });
      });
      this.busy();
      worker.postMessage({ type: 'verify', id, ...request } satisfies ToWorker);
    });
  }

  private stateAt(worker: Worker, id: number, program: number, pc: number): Promise<StateSummary | undefined> {
    // A worker that was replaced no longer has these results.
    if (worker !== this.worker) return Promise.resolve(undefined);
    const req = this.nextId++;
    return new Promise((resolve) => {
      this.states.set(req, resolve);
      this.busy();
      worker.postMessage({ type: 'state', id, req, program, pc } satisfies ToWorker);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'verified') {
        const done = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        done?.(m);
      } else {
        const done = this.states.get(m.req);
        this.states.delete(m.req);
        done?.(m.state);
      }
      this.idle();
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const done of this.waiting.values())
        done({ type: 'verified', id: 0, error: `the verification thread stopped: ${error.message}` });
      this.waiting.clear();
      for (const done of this.states.values()) done(undefined);
      this.states.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    this.idle();
    return worker;
  }

  /** Keep the process alive while a reply is awaited, and only then. */
  private busy(): void {
    this.worker?.ref();
  }

  private idle(): void {
    if (this.waiting.size === 0 && this.states.size === 0) this.worker?.unref();
  }

  /** End the thread (pending requests fail). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
