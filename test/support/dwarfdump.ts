// llvm-dwarfdump --debug-info as an oracle for core/dwarf: its text output parsed into the facts
// the reader must agree on (variables with types and locations, inlined calls, function ranges).
import { spawnSync } from 'node:child_process';

/** The llvm-dwarfdump to use (llvm-dwarfdump-19 preferred), or undefined when none runs here. */
export function dwarfdumpTool(): string | undefined {
  for (const tool of ['llvm-dwarfdump-19', 'llvm-dwarfdump']) {
    if (spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0) return tool;
  }
  return undefined;
}

export interface DumpDie {
  readonly offset: number;
  readonly tag: string;
  readonly attrs: Map<string, string>;
}

export function dumpDies(tool: string, objectPath: string): DumpDie[] {
  const r = spawnSync(tool, ['--debug-info', objectPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${tool} failed on ${objectPath}: ${r.stderr}`);
  const dies: DumpDie[] = [];
  let current: DumpDie | undefined;
  let attr: string | undefined;
  for (const line of r.stdout.split('\n')) {
    const header = /^0x([0-9a-f]{8}):\s+(DW_TAG_\w+|NULL)/.exec(line);
    if (header) {
      const [, offset = '', tag = ''] = header;
      current = { offset: parseInt(offset, 16), tag, attrs: new Map() };
      dies.push(current);
      attr = undefined;
      continue;
    }
    const a = /^\s+(DW_AT_\w+)\t\((.*)$/.exec(line);
    if (a && current) {
      const [, name = '', value = ''] = a;
      attr = name;
      current.attrs.set(attr, value);
      continue;
    }
    if (line.trim() === '') {
      attr = undefined;
      continue;
    }
    if (attr && current) current.attrs.set(attr, `${current.attrs.get(attr)}\n${line.trim()}`);
  }
  return dies;
}

/** The quoted name in `("x")` or `(0x0000002d "x")`. */
export function quoted(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /"([^"]*)"/.exec(value);
  return m?.[1];
}

/** The DIE offset in `(0x0000002d "x")`. */
export function refOffset(value: string | undefined): number | undefined {
  const digits = value === undefined ? undefined : /^0x([0-9a-f]+)/.exec(value)?.[1];
  return digits === undefined ? undefined : parseInt(digits, 16);
}

/** `[begin, end)` pairs in an attribute value (location lists, range lists). */
export function bracketRanges(value: string): { begin: number; end: number; rest: string }[] {
  const out: { begin: number; end: number; rest: string }[] = [];
  for (const m of value.matchAll(/\[0x([0-9a-f]+), 0x([0-9a-f]+)\)(?: "[^"]*")?(?:: ([^\n]*))?/g)) {
    const [, begin = '', end = ''] = m;
    out.push({
      begin: parseInt(begin, 16),
      end: parseInt(end, 16),
      rest: (m[3] ?? '').replace(/\)+$/, (p) => p.slice(1)),
    });
  }
  return out;
}
