// core/dwarf against llvm-dwarfdump on every fixture and example, as clang 14 and clang 19 emit
// them in DWARF 5 and DWARF 4: every named variable and parameter (DIE offset, name, type, location
// expression or location list), every inlined call (function, ranges, call line and column) and
// every function's address ranges, and every row of the line table must be identical.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  formatExpression,
  parseDwarf,
  readLineTables,
  type DwarfInfo,
  type VariableLocation,
} from '../../../core/dwarf';
import { parseElf } from '../../../core/elf';
import {
  clangMissingReason,
  compileArgs,
  listProgramFixtures,
  platformOfFixture,
  REPO_ROOT,
} from '../../support/clang';
import { defined } from '../../support/at';
import { bracketRanges, dumpDies, dwarfdumpTool, quoted, refOffset, type DumpDie } from '../../support/dwarfdump';

const EXAMPLES = [
  ...['xdp_load_balancer.c', 'bind_monitor.c', 'unsafe.c', 'linux_xdp_counter.c'].map((f) =>
    path.join(REPO_ROOT, 'examples', f),
  ),
  // The debugger's fixtures (Windows headers), among them nested inlined helpers.
  ...['inline.c', 'calls.c'].map((f) => path.join(REPO_ROOT, 'test', 'adapter', 'fixtures', f)),
];

interface Build {
  readonly label: string;
  readonly clang: string;
  readonly args: readonly string[];
}

const BUILDS: Build[] = [
  { label: 'clang DWARF 5', clang: 'clang', args: [] },
  { label: 'clang DWARF 4', clang: 'clang', args: ['-gdwarf-4'] },
  { label: 'clang-19 DWARF 5', clang: 'clang-19', args: [] },
  { label: 'clang-19 DWARF 4', clang: 'clang-19', args: ['-gdwarf-4'] },
];

function available(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
}

function compile(source: string, build: Build, dir: string): string {
  const platform =
    source.includes(`${path.sep}linux${path.sep}`) || source.endsWith('linux_xdp_counter.c')
      ? 'linux'
      : platformOfFixture(source) === 'windows' || source.includes('examples') || source.includes('adapter')
        ? 'windows'
        : 'linux';
  const out = path.join(dir, `${path.basename(source, '.c')}-${build.label.replace(/\W+/g, '_')}.o`);
  const args = compileArgs(source, out, platform, { extraArgs: build.args });
  const r = spawnSync(build.clang, args, { encoding: 'utf8', cwd: path.dirname(source) });
  if (r.status !== 0) throw new Error(`${build.clang} failed on ${source}: ${r.stderr}`);
  return out;
}

const normalize = (expr: string): string =>
  // llvm-dwarfdump does not apply relocations inside expressions; the reader does (checked below).
  expr.replace(/DW_OP_addr 0x[0-9a-f]+/g, 'DW_OP_addr').trim();

function dumpLocation(die: DumpDie): string {
  const loc = die.attrs.get('DW_AT_location');
  if (loc === undefined) return die.attrs.has('DW_AT_const_value') ? 'const' : 'none';
  if (loc.startsWith('DW_OP')) return normalize(loc.replace(/\)$/, ''));
  return bracketRanges(loc)
    .map((r) => `[${r.begin.toString(16)},${r.end.toString(16)}) ${normalize(r.rest)}`)
    .join(' | ');
}

function ourLocation(l: VariableLocation): string {
  switch (l.kind) {
    case 'expression':
      return normalize(formatExpression(l.ops));
    case 'list':
      return l.entries
        .map((e) => {
          const range = defined(e.range, 'a location list entry range');
          return `[${range.begin.toString(16)},${range.end.toString(16)}) ${normalize(formatExpression(e.ops))}`;
        })
        .join(' | ');
    default:
      return l.kind;
  }
}

function compare(
  info: DwarfInfo,
  dies: DumpDie[],
  where: string,
): { variables: number; inlined: number; functions: number } {
  const byOffset = new Map(dies.map((d) => [d.offset, d]));
  const origin = (d: DumpDie): DumpDie | undefined =>
    byOffset.get(refOffset(d.attrs.get('DW_AT_abstract_origin')) ?? -1);

  // Variables and parameters with a name (own or through the abstract origin).
  const expected = dies
    .filter((d) => d.tag === 'DW_TAG_variable' || d.tag === 'DW_TAG_formal_parameter')
    .filter((d) => d.attrs.has('DW_AT_name') || d.attrs.has('DW_AT_abstract_origin'))
    .map((d) => {
      const o = origin(d);
      return {
        offset: d.offset,
        name: quoted(d.attrs.get('DW_AT_name') ?? d.attrs.get('DW_AT_abstract_origin')),
        type: quoted(d.attrs.get('DW_AT_type') ?? o?.attrs.get('DW_AT_type'))?.trim(),
        location: dumpLocation(d),
      };
    });
  const actual = info.allVariables.map((v, i) => ({
    offset: v.dieOffset,
    name: v.name,
    // llvm-dwarfdump 19 prints a restrict-qualified pointer as just `restrict`; we spell it in C.
    type: expected[i]?.type === 'restrict' && v.typeName.endsWith('restrict') ? 'restrict' : v.typeName.trim(),
    location: ourLocation(v.location),
  }));
  assert.deepEqual(actual, expected, `${where}: variables`);

  const expectedInlined = dies
    .filter((d) => d.tag === 'DW_TAG_inlined_subroutine')
    .map((d) => ({
      offset: d.offset,
      name: quoted(d.attrs.get('DW_AT_abstract_origin')),
      ranges: rangesOf(d),
      line: Number(d.attrs.get('DW_AT_call_line')?.replace(/\)$/, '')),
      column: Number(d.attrs.get('DW_AT_call_column')?.replace(/\)$/, '')),
    }));
  const actualInlined = info.inlinedCalls.map((s) => ({
    offset: s.dieOffset,
    name: s.name,
    ranges: s.ranges.map((r) => [r.begin, r.end]),
    line: s.callSite?.line,
    column: s.callSite?.column,
  }));
  assert.deepEqual(actualInlined, expectedInlined, `${where}: inlined calls`);

  const expectedFunctions = dies
    .filter((d) => d.tag === 'DW_TAG_subprogram' && (d.attrs.has('DW_AT_low_pc') || d.attrs.has('DW_AT_ranges')))
    .map((d) => ({
      name: quoted(d.attrs.get('DW_AT_name') ?? d.attrs.get('DW_AT_abstract_origin')),
      ranges: rangesOf(d),
    }));
  const actualFunctions = info.functions.map((f) => ({ name: f.name, ranges: f.ranges.map((r) => [r.begin, r.end]) }));
  assert.deepEqual(actualFunctions, expectedFunctions, `${where}: functions`);
  return { variables: actual.length, inlined: actualInlined.length, functions: actualFunctions.length };
}

/** `llvm-dwarfdump --debug-line` rows: address, line, column, file, is_stmt, end_sequence. */
function dumpLineRows(tool: string, objectPath: string): string[] {
  const r = spawnSync(tool, ['--debug-line', objectPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${tool} --debug-line failed: ${r.stderr}`);
  const rows: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s+\d+\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, address = '', row, column, file, rest = ''] = m;
    const flags = rest.split(/\s+/);
    rows.push(
      `${parseInt(address, 16)} ${row}:${column} f${file}${flags.includes('is_stmt') ? ' stmt' : ''}${flags.includes('end_sequence') ? ' end' : ''}`,
    );
  }
  return rows;
}

function rangesOf(d: DumpDie): number[][] {
  const low = d.attrs.get('DW_AT_low_pc');
  const high = d.attrs.get('DW_AT_high_pc');
  if (low && high) {
    const l = parseInt(defined(/0x([0-9a-f]+)/.exec(low)?.[1], `an address in ${low}`), 16);
    const h = defined(/0x([0-9a-f]+)/.exec(high)?.[1], `an address in ${high}`);
    // A 16-digit value is an address; an 8-digit one is an offset from low_pc.
    return [[l, h.length === 16 ? parseInt(h, 16) : l + parseInt(h, 16)]];
  }
  return bracketRanges(d.attrs.get('DW_AT_ranges') ?? '').map((r) => [r.begin, r.end]);
}

describe('core/dwarf agrees with llvm-dwarfdump', () => {
  const tool = dwarfdumpTool();
  const missing = clangMissingReason() ?? (tool ? undefined : 'llvm-dwarfdump(-19) is not installed');
  const sources = [...listProgramFixtures(), ...EXAMPLES];
  for (const build of BUILDS) {
    it(`${build.label}: every fixture and example`, (t) => {
      const why = missing ?? (available(build.clang) ? undefined : `${build.clang} is not installed`);
      if (why) return t.skip(why);
      assert.ok(tool, 'llvm-dwarfdump');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dwarf-oracle-'));
      const totals = { objects: 0, variables: 0, inlined: 0, functions: 0, lineRows: 0 };
      try {
        for (const source of sources) {
          const object = compile(source, build, dir);
          const info = parseDwarf(parseElf(new Uint8Array(fs.readFileSync(object))));
          assert.ok(info, `${source}: no DWARF read`);
          const where = `${path.relative(REPO_ROOT, source)} (${build.label})`;
          const elf = parseElf(new Uint8Array(fs.readFileSync(object)));
          const n = compare(info, dumpDies(tool, object), where);
          const rows = readLineTables(elf)
            .flatMap((t) => t.rows)
            .map(
              (r) =>
                `${r.address.offset} ${r.line}:${r.column} f${r.file}${r.isStmt ? ' stmt' : ''}${r.endSequence ? ' end' : ''}`,
            );
          assert.deepEqual(rows, dumpLineRows(tool, object), `${where}: line table`);
          totals.lineRows += rows.length;
          totals.objects++;
          totals.variables += n.variables;
          totals.inlined += n.inlined;
          totals.functions += n.functions;
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      assert.ok(totals.inlined > 0, 'the corpus must contain inlined calls');
      console.log(`${build.label}: ${JSON.stringify(totals)} identical to ${tool}`);
    });
  }
});
