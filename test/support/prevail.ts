// Running the PREVAIL oracles of shared/oracles (tests and benchmarks only): one process for many
// objects, its tab-separated lines parsed into per-object verdicts. Callers locate the binaries
// through test/support/shared.ts and skip when they are missing.
import { spawnSync } from 'node:child_process';

export interface PrevailVerdict {
  readonly section: string;
  readonly function: string;
  /** `error` = eBPF for Windows could not load it (malformed, unknown type or helper, call depth). */
  readonly verdict: 'pass' | 'fail' | 'error';
  /** C line of the first error, when PREVAIL names one. */
  readonly line: number | undefined;
  readonly message: string;
}

/** Objects per oracle process: long argument lists stay well under the system's limit. */
const BATCH = 200;

/**
 * prevail-windows on every object (optionally with `--type`); results by object path. An object the
 * oracle prints nothing for maps to an empty list.
 */
export function runPrevailWindows(
  oracle: string,
  objects: readonly string[],
  options: { type?: string; timeoutMs?: number } = {},
): Map<string, PrevailVerdict[]> {
  const out = new Map<string, PrevailVerdict[]>(objects.map((o) => [o, []]));
  for (let i = 0; i < objects.length; i += BATCH) {
    const batch = objects.slice(i, i + BATCH);
    const args = [...(options.type ? ['--type', options.type] : []), ...batch];
    const r = spawnSync(oracle, args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 600_000,
    });
    if (r.error) throw new Error(`${oracle}: ${r.error.message}`);
    for (const line of r.stdout.split('\n')) {
      if (line.trim() === '') continue;
      const [file = '', verdict, section = '', fn = '', at, ...message] = line.split('\t');
      const list = out.get(file);
      if (!list || (verdict !== 'pass' && verdict !== 'fail' && verdict !== 'error')) continue;
      const n = Number(at);
      list.push({
        section: section ?? '',
        function: fn ?? '',
        verdict,
        line: Number.isInteger(n) && n > 0 ? n : undefined,
        message: message.join('\t'),
      });
    }
  }
  return out;
}
