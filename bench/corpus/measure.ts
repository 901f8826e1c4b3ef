// The in-process half of bench/corpus.bench.ts, bundled with esbuild as the CLI and the language
// server are (so the engine is measured as shipped, not through tsx's per-function wrappers) and
// run as its own process:
//   node measure.js cpu ROUNDS OBJECT...   per object: mean CPU ms of load and of verification over
//                                          at least ROUNDS runs and 40 ms, after one untimed warm-up
//                                          pass over all objects
//   node --expose-gc --trace-gc --max-semi-space-size=1 measure.js heap OBJECT
//                                          heap used before and after one load + verification
// Prints one JSON line (`RESULT {...}`); the heap mode prints markers around the measured work so
// the caller can read the peak from V8's GC trace between them.
import fs from 'node:fs';
import { loadObject } from '../../core/program/loader';
import { profileById } from '../../core/platform/index';
import { verifyProgram } from '../../core/verifier/index';

const windows = profileById('windows');

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Load and verify every program of one object; CPU ms of each phase. */
function analyse(bytes: Uint8Array): { load: number; verify: number } {
  const t0 = cpuMs();
  const obj = loadObject(bytes, { platform: windows });
  const t1 = cpuMs();
  for (const p of obj.programs) verifyProgram(p, { keepStates: false });
  return { load: t1 - t0, verify: cpuMs() - t1 };
}

/** Runs per object at least, and CPU time per object at least, so GC is shared out fairly. */
const MIN_OBJECT_MS = 40;

function cpuMode(rounds: number, objects: readonly string[]): void {
  const bytes = objects.map((o) => new Uint8Array(fs.readFileSync(o)));
  for (const b of bytes) analyse(b); // JIT warm-up, not counted
  // Each object is verified again and again, and its time is the mean: the garbage collections
  // its allocations cause fall on it in proportion (one pass per object would charge a whole
  // scavenge to whichever object happens to be running when it comes, the same one every pass).
  const perObject = objects.map((object, i) => {
    const b = bytes[i] ?? new Uint8Array();
    let load = 0;
    let verify = 0;
    let runs = 0;
    while (runs < rounds || load + verify < MIN_OBJECT_MS) {
      const t = analyse(b);
      load += t.load;
      verify += t.verify;
      runs++;
    }
    return { object, loadMs: load / runs, verifyMs: verify / runs, runs };
  });
  console.log(`RESULT ${JSON.stringify({ perObject })}`);
}

function heapMode(object: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heap mode needs --expose-gc');
  const bytes = new Uint8Array(fs.readFileSync(object));
  // One untimed pass first: V8 compiles the engine's functions lazily, and that bytecode is not
  // the analysis's memory.
  analyse(bytes);
  gc();
  const before = process.memoryUsage().heapUsed;
  console.log('MEASURE-START');
  const obj = loadObject(bytes, { platform: windows });
  const results = obj.programs.map((p) => verifyProgram(p, { keepStates: false }));
  const end = process.memoryUsage().heapUsed;
  console.log('MEASURE-END');
  gc();
  const retained = process.memoryUsage().heapUsed;
  console.log(`RESULT ${JSON.stringify({ before, end, retained, programs: results.length })}`);
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'cpu') cpuMode(Number(rest[0]), rest.slice(1));
else if (mode === 'heap' && rest[0]) heapMode(rest[0]);
else throw new Error('usage: measure.js cpu ROUNDS OBJECT... | heap OBJECT');
