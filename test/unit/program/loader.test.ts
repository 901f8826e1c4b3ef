// The loader against oracles: llvm-objdump (instruction counts per section, DWARF lines),
// llvm-dwarfdump (line/column rows, subprogram lines) and the C sources' own declarations.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { typeToString } from '../../../core/btf';
import { parseElf, SymbolType } from '../../../core/elf';
import { CallSource, LddwSource } from '../../../core/isa/instruction';
import { LoadError } from '../../../core/program/errors';
import { loadObject, type LoadedObject } from '../../../core/program/loader';
import type { Program } from '../../../core/program/types';
import {
  clangMissingReason,
  compileFixture,
  FIXTURE_PROGRAMS,
  listProgramFixtures,
  platformOfFixture,
} from '../../support/clang';
import { at, defined } from '../../support/at';
import { checkedInObject, checkedInObjects, Patch, sectionHeaderAt } from '../../support/objects';
import { dwarfLineRows, dwarfSubprogramLines, objdumpSections, toolsMissing } from '../../support/objectOracles';

interface Loaded {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly object: LoadedObject;
}

/** Checked-in objects always; compiled fixtures too when clang is here. */
function allObjects(): Loaded[] {
  const out: Loaded[] = checkedInObjects().map((o) => ({
    name: `objects/${o.name}`,
    path: o.path,
    bytes: o.bytes,
    object: loadObject(o.bytes, { platform: o.name.startsWith('windows') ? 'windows' : 'linux', fileName: o.name }),
  }));
  for (const source of listProgramFixtures()) {
    const compiled = compileFixture(source);
    if ('skip' in compiled) break;
    out.push({
      name: path.relative(FIXTURE_PROGRAMS, source),
      path: compiled.objectPath,
      bytes: compiled.bytes,
      object: loadObject(compiled.bytes, { platform: platformOfFixture(source), fileName: path.basename(source) }),
    });
  }
  return out;
}

function fixture(relative: string): LoadedObject | { skip: string } {
  const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, relative));
  if ('skip' in compiled) return compiled;
  return loadObject(compiled.bytes, { platform: platformOfFixture(compiled.sourcePath), fileName: relative });
}

/** Where a program's function came from: its symbol's section and slot. */
function originOf(bytes: Uint8Array, functionName: string): { section: string; slot: number } {
  const elf = parseElf(bytes);
  const symbol = elf.symbols.find((s) => s.type === SymbolType.FUNC && s.name === functionName);
  assert.ok(symbol, `FUNC symbol ${functionName}`);
  return { section: at(elf.sections, symbol.sectionIndex, 'its section').name, slot: symbol.value / 8 };
}

describe('loader vs llvm-objdump / llvm-dwarfdump, every fixture', () => {
  const objects = allObjects();

  it('covers every compiled program fixture beside the checked-in objects', (t) => {
    const missing = clangMissingReason();
    if (missing) return t.skip(missing);
    assert.equal(objects.length, checkedInObjects().length + listProgramFixtures().length);
  });

  it('instruction counts per executable section equal llvm-objdump -d (lddw counts once)', (t) => {
    const missing = toolsMissing('llvm-objdump');
    if (missing) return t.skip(missing);
    for (const o of objects) {
      const expected = [...objdumpSections(o.path)]
        .filter(([, s]) => s.instructions > 0)
        .map(([name, s]) => ({ name, instructions: s.instructions }));
      assert.deepEqual(
        o.object.sections.map((s) => ({ ...s })),
        expected,
        o.name,
      );
    }
  });

  it('every line-table entry of every program is the DWARF line at its original instruction', (t) => {
    const missing = toolsMissing('llvm-objdump', 'llvm-dwarfdump');
    if (missing) return t.skip(missing);
    let checked = 0;
    let lineZero = 0;
    for (const o of objects) {
      const sections = objdumpSections(o.path);
      const rows = dwarfLineRows(o.path);
      const declLines = dwarfSubprogramLines(o.path);
      for (const program of o.object.programs) {
        for (const entry of program.lineTable) {
          const fn = defined(
            program.functions.find((f) => entry.pc >= f.startPc && entry.pc < f.endPc),
            `the function holding pc ${entry.pc}`,
          );
          const origin = originOf(o.bytes, fn.name);
          const slot = origin.slot + (entry.pc - fn.startPc);
          const where = `${o.name} ${program.name} pc ${entry.pc} (${origin.section} slot ${slot})`;
          const { line, column, file } = entry.location;
          assert.ok(file.endsWith('.c') || file.endsWith('.h'), `${where}: file ${file}`);
          if (line === 0) {
            // Compiler-generated code: BTF keeps the record, sourceAt reports no location.
            assert.equal(program.sourceAt(entry.pc), undefined, where);
            lineZero++;
            continue;
          }
          if (entry.pc === fn.startPc && column === 0 && declLines.get(fn.name) === line) {
            // BTF's function-entry record carries the function's declaration line (DW_AT_decl_line).
            checked++;
            continue;
          }
          assert.equal(sections.get(origin.section)?.lineAt.get(slot)?.line, line, `${where}: objdump line`);
          assert.ok(
            rows.some((r) => r.address === slot * 8 && r.line === line && r.column === column),
            `${where}: DWARF row ${line}:${column}`,
          );
          assert.deepEqual(program.sourceAt(entry.pc), entry.location, where);
          checked++;
        }
      }
    }
    assert.ok(
      checked > objects.length * 10,
      `checked ${checked} line entries in ${objects.length} objects (${lineZero} line-0)`,
    );
  });

  it('each program: a DWARF address maps back to the instruction it came from', () => {
    for (const { name, object } of objects)
      for (const p of object.programs)
        for (const insn of p.instructions) {
          const address = defined(p.dwarfAddressOf(insn.pc), `${name} ${p.name} pc ${insn.pc} has an address`);
          assert.equal(p.pcOfDwarfAddress(address), insn.pc, `${name} ${p.name} pc ${insn.pc}`);
          // The second slot of an lddw is no instruction.
          if (insn.slots === 2) assert.equal(p.pcOfDwarfAddress({ ...address, offset: address.offset + 8 }), undefined);
        }
  });

  it('each program: functions tile the code, calls and function addresses land on function starts, map references are in range', () => {
    for (const o of objects) {
      const elf = parseElf(o.bytes);
      for (const program of o.object.programs) {
        const where = `${o.name} ${program.section}/${program.name}`;
        assertProgramShape(program, where);
        // Every function's instructions are the section's, relocated fields aside.
        const sectionInsns = new Map<string, ReturnType<typeof loadSection>>();
        for (const fn of program.functions) {
          const origin = originOf(o.bytes, fn.name);
          const original = sectionInsns.get(origin.section) ?? loadSection(elf, origin.section);
          sectionInsns.set(origin.section, original);
          for (const insn of program.instructions.filter((i) => i.pc >= fn.startPc && i.pc < fn.endPc)) {
            const src = original.find((i) => i.pc === origin.slot + (insn.pc - fn.startPc));
            assert.ok(src, `${where}: pc ${insn.pc} has a source instruction`);
            assert.equal(insn.opcode, src.opcode, `${where}: pc ${insn.pc} opcode`);
            assert.equal(insn.dst, src.dst, `${where}: pc ${insn.pc} dst`);
            assert.equal(insn.offset, src.offset, `${where}: pc ${insn.pc} offset`);
            const relocated = (insn.opcode === 0x85 && insn.src === CallSource.LOCAL) || insn.opcode === 0x18;
            if (!relocated) assert.equal(insn.imm, src.imm, `${where}: pc ${insn.pc} imm`);
          }
        }
      }
    }
  });
});

function loadSection(
  elf: ReturnType<typeof parseElf>,
  name: string,
): { pc: number; opcode: number; dst: number; offset: number; imm: number }[] {
  // Decoded independently of the loader from the raw section bytes.
  const data = defined(elf.sectionByName(name), `section ${name}`).data;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = [];
  for (let at = 0; at < data.length; at += 8) {
    const opcode = view.getUint8(at);
    out.push({
      pc: at / 8,
      opcode,
      dst: view.getUint8(at + 1) & 15,
      offset: view.getInt16(at + 2, true),
      imm: view.getInt32(at + 4, true),
    });
    if (opcode === 0x18) at += 8;
  }
  return out;
}

function assertProgramShape(program: Program, where: string): void {
  assert.ok(Object.isFrozen(program), `${where}: frozen`);
  const entry = at(program.functions, 0, `${where}: the entry function`);
  assert.ok(entry.isEntry && entry.startPc === 0 && entry.name === program.name, `${where}: entry first`);
  let pc = 0;
  for (const fn of program.functions) {
    assert.equal(fn.startPc, pc, `${where}: ${fn.name} starts where the previous ends`);
    assert.ok(fn.btfId > 0, `${where}: ${fn.name} has a BTF FUNC id`);
    pc = fn.endPc;
  }
  assert.equal(pc, program.slotCount, `${where}: functions cover every slot`);
  const starts = new Set(program.functions.map((f) => f.startPc));
  for (const insn of program.instructions) {
    if (insn.opcode === 0x85 && insn.src === CallSource.LOCAL) {
      assert.ok(starts.has(insn.pc + 1 + insn.imm), `${where}: call at ${insn.pc} reaches a function start`);
    }
    if (insn.opcode === 0x18) {
      if (insn.src === LddwSource.MAP_FD) {
        const map = program.maps[insn.imm];
        assert.ok(map && map.origin !== 'global-data', `${where}: lddw map fd ${insn.imm}`);
        assert.equal(insn.imm64, BigInt(insn.imm));
      } else if (insn.src === LddwSource.MAP_VALUE) {
        const map = program.maps[insn.imm];
        assert.ok(map && map.origin === 'global-data', `${where}: lddw map value ${insn.imm}`);
        const offset = Number(defined(insn.imm64, `${where}: lddw imm64`) >> 32n);
        assert.ok(offset <= map.valueSize, `${where}: value offset ${offset} within ${map.name}`);
      } else if (insn.src === LddwSource.FUNC) {
        assert.ok(starts.has(insn.pc + 1 + insn.imm), `${where}: function address at ${insn.pc} is a function start`);
      } else {
        assert.equal(insn.src, LddwSource.IMM64, `${where}: unrelocated pseudo lddw at ${insn.pc}`);
      }
    }
  }
}

type MapRow = [
  name: string,
  type: number,
  keySize: number,
  valueSize: number,
  maxEntries: number,
  flags: number,
  pinning: number,
  inner?: string,
];
function mapRows(o: LoadedObject): MapRow[] {
  return o.maps.map((m) => {
    const row: MapRow = [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags, m.pinning];
    if (m.innerMapIndex !== undefined) row.push(at(o.maps, m.innerMapIndex, `inner map of ${m.name}`).name);
    return row;
  });
}

describe('maps, as the C sources declare them', () => {
  it('windows/maps_btf.c: every core map type, BTF-defined', (t) => {
    const o = fixture('windows/maps_btf.c');
    if ('skip' in o) return t.skip(o.skip);
    // In BTF DATASEC order (which libbpf also uses).
    assert.deepEqual(mapRows(o), [
      ['m_hash', 1, 4, 16, 10, 0, 0],
      ['m_array', 2, 4, 8, 4, 0, 0],
      ['m_percpu_hash', 4, 8, 4, 16, 0, 0],
      ['m_percpu_array', 5, 4, 8, 2, 0, 0],
      ['m_hash_of_maps', 6, 4, 4, 3, 0, 0, 'm_hash_of_maps.inner'],
      ['m_hash_of_maps.inner', 2, 4, 4, 1, 0, 0],
      ['m_array_of_maps', 7, 4, 4, 3, 0, 0, 'm_array_of_maps.inner'],
      ['m_array_of_maps.inner', 2, 4, 4, 1, 0, 0],
      ['m_lru_hash', 8, 4, 4, 100, 0, 0],
      ['m_lpm_trie', 9, 8, 4, 32, 0, 0],
      ['m_lru_percpu_hash', 11, 4, 8, 50, 0, 0],
      ['m_pinned', 1, 4, 4, 1, 0, 1],
      ['m_queue', 10, 0, 4, 10, 0, 0],
      ['m_stack', 12, 0, 8, 10, 0, 0],
      ['m_ringbuf', 13, 0, 0, 4096, 0, 0],
      ['m_perf_event_array', 14, 0, 0, 8, 0, 0],
      ['m_prog_array', 3, 4, 4, 8, 0, 0],
    ]);
    for (const m of o.maps) {
      assert.equal(m.origin, 'btf');
      assert.equal(m.typeInfo?.number, m.type, `${m.name} type known to the Windows profile`);
    }
    const hash = defined(
      o.maps.find((m) => m.name === 'm_hash'),
      'map m_hash',
    );
    assert.equal(o.btf && typeLabel(o, hash.valueTypeId), 'struct pair');
    assert.equal(o.btf && typeLabel(o, hash.keyTypeId), 'uint32_t');
    // The program references each non-template map through an lddw map fd.
    const referenced = new Set(
      at(o.programs, 0, 'program')
        .instructions.filter((i) => i.opcode === 0x18 && i.src === LddwSource.MAP_FD)
        .map((i) => at(o.maps, i.imm, `map ${i.imm}`).name),
    );
    assert.deepEqual(
      [...referenced].sort(),
      o.maps
        .filter((m) => !m.name.endsWith('.inner'))
        .map((m) => m.name)
        .sort(),
    );
  });

  it('windows/maps_legacy.c: 32-byte records, inner maps by index and by id, pinning', (t) => {
    const o = fixture('windows/maps_legacy.c');
    if ('skip' in o) return t.skip(o.skip);
    assert.deepEqual(mapRows(o), [
      ['port_map', 1, 2, 8, 1024, 0, 0],
      ['inner_template', 2, 4, 4, 1, 0, 0],
      ['outer_by_idx', 7, 4, 4, 2, 0, 0, 'inner_template'],
      ['outer_by_id', 6, 4, 4, 2, 0, 0, 'inner_template'],
      ['prog_table', 3, 4, 4, 4, 0, 0],
      ['percpu_hash', 4, 4, 8, 16, 0, 0],
      ['percpu_array', 5, 4, 8, 2, 0, 0],
      ['lru_hash', 8, 4, 4, 64, 0, 0],
      ['lpm_trie', 9, 8, 4, 32, 0, 0],
      ['queue', 10, 0, 4, 8, 0, 0],
      ['lru_percpu_hash', 11, 4, 8, 8, 0, 0],
      ['stack', 12, 0, 8, 8, 0, 0],
      ['ring', 13, 0, 0, 4096, 0, 0],
      ['perf', 14, 0, 0, 4, 0, 0],
      ['pinned_array', 2, 4, 16, 4, 0, 1],
    ]);
    assert.ok(o.maps.every((m) => m.typeInfo !== undefined));
    assert.ok(o.maps.every((m) => m.origin === 'legacy' && m.keyTypeId === 0));
  });

  it('linux/maps_btf.c: Linux map types, key_size/value_size given as numbers, map_flags', (t) => {
    const o = fixture('linux/maps_btf.c');
    if ('skip' in o) return t.skip(o.skip);
    const rows = new Map(mapRows(o).map((r) => [r[0], r]));
    assert.deepEqual(rows.get('m_lpm_trie'), ['m_lpm_trie', 11, 8, 4, 32, 1, 0]);
    assert.deepEqual(rows.get('m_prog_array'), ['m_prog_array', 3, 4, 4, 8, 0, 0]);
    assert.deepEqual(rows.get('m_perf_event_array'), ['m_perf_event_array', 4, 4, 4, 0, 0, 0]);
    assert.deepEqual(rows.get('m_ringbuf'), ['m_ringbuf', 27, 0, 0, 4096, 0, 0]);
    assert.deepEqual(rows.get('m_bloom'), ['m_bloom', 30, 0, 4, 64, 0, 0]);
    assert.deepEqual(rows.get('m_hash_of_maps'), ['m_hash_of_maps', 13, 4, 4, 3, 0, 0, 'm_hash_of_maps.inner']);
    assert.deepEqual(rows.get('m_pinned'), ['m_pinned', 1, 4, 4, 1, 0, 1]);
    assert.equal(o.maps.length, 21);
  });

  it('linux/maps_legacy.c: 20-byte struct bpf_map_def records with map_flags', (t) => {
    const o = fixture('linux/maps_legacy.c');
    if ('skip' in o) return t.skip(o.skip);
    assert.deepEqual(mapRows(o), [
      ['legacy_hash', 1, 4, 8, 128, 0, 0],
      ['legacy_array', 2, 4, 16, 4, 0, 0],
      ['legacy_nopre', 1, 8, 4, 32, 1, 0],
    ]);
  });

  it('linux/globals.c: .bss/.data/.rodata as one-entry arrays with initial values, variables and lddw offsets', (t) => {
    const o = fixture('linux/globals.c');
    if ('skip' in o) return t.skip(o.skip);
    const bss = defined(
      o.maps.find((m) => m.section === '.bss'),
      'map .bss',
    );
    const data = defined(
      o.maps.find((m) => m.section === '.data'),
      'map .data',
    );
    const rodata = defined(
      o.maps.find((m) => m.section === '.rodata'),
      'map .rodata',
    );
    for (const m of [bss, data, rodata]) {
      assert.equal(m.origin, 'global-data');
      assert.equal(m.maxEntries, 1);
      assert.equal(m.keySize, 4);
      assert.equal(defined(m.initialValue, `${m.name} initial value`).length, m.valueSize);
    }
    assert.equal(bss.valueSize, 12);
    assert.ok(defined(bss.initialValue, '.bss initial value').every((b) => b === 0));
    assert.equal(bss.readOnly, false);
    assert.equal(data.valueSize, 16);
    const dataValue = defined(data.initialValue, '.data initial value');
    const dataView = new DataView(dataValue.buffer, dataValue.byteOffset);
    assert.equal(dataView.getUint32(0, true), 1500);
    assert.equal(dataView.getBigUint64(8, true), 3n);
    assert.equal(rodata.readOnly, true);
    // Linux: libbpf's flags (BPF_F_MMAPABLE, plus BPF_F_RDONLY_PROG on .rodata).
    assert.equal(rodata.flags, 0x480);
    assert.equal(data.flags, 0x400);
    const text = new TextDecoder().decode(rodata.initialValue);
    assert.ok(text.includes('long frame %u on port %u'), 'the printk format lives in .rodata');
    assert.deepEqual(
      o.globals.map((g) => [g.section, g.name, g.offset, g.size]),
      [
        ['.bss', 'bss_counter', 0, 8],
        ['.bss', 'bss_second', 8, 4],
        ['.data', 'data_limit', 0, 4],
        ['.data', 'data_scale', 8, 8],
        ['.rodata', 'cfg', 0, 8],
        ['.rodata', 'table', 8, 16],
        // bpf_printk's `static const char ____fmt[]`, named <function>.<variable> by clang.
        ['.rodata', 'globals.____fmt', 24, 25],
      ],
    );
    // Every global the code touches becomes MAP_VALUE(section map, variable offset).
    const program = at(o.programs, 0, 'program');
    const refs = program.instructions
      .filter((i) => i.opcode === 0x18 && i.src === LddwSource.MAP_VALUE)
      .map((i) => `${at(o.maps, i.imm, `map ${i.imm}`).section}+${Number(defined(i.imm64, 'lddw imm64') >> 32n)}`);
    for (const expected of ['.bss+0', '.bss+8', '.data+0', '.data+8', '.rodata+0', '.rodata+8']) {
      assert.ok(refs.includes(expected), `lddw of ${expected} in ${refs.join(' ')}`);
    }
  });
});

describe("Cilium's inlined configuration constants", () => {
  it('linux/cilium_config.c: an lddw of a `__config_` variable of .rodata.config is its value, as Cilium loads it', (t) => {
    const o = fixture('linux/cilium_config.c');
    if ('skip' in o) return t.skip(o.skip);
    const program = at(o.programs, 0, 'program');
    const lddw = program.instructions.filter((i) => i.opcode === 0x18);
    assert.deepEqual(
      lddw.map((i) => [i.src, i.src === LddwSource.MAP_VALUE ? Number(defined(i.imm64, 'imm64') >> 32n) : i.imm64]),
      [
        // other_setting: not Cilium's prefix, so a pointer into the .rodata.config map (libbpf's view).
        [LddwSource.MAP_VALUE, 16],
        [LddwSource.IMM64, 0x80000007n],
        [LddwSource.IMM64, 513n],
        [LddwSource.IMM64, 0x1122334455667788n],
      ],
    );
    const imm = defined(lddw[1], 'SECLABEL lddw').imm;
    assert.equal(imm, 0x80000007 | 0, 'imm is the low half, signed');
  });

  it('inlineLoaderConstants: false loads them as a generic loader does (map value pointers)', (t) => {
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux/cilium_config.c'));
    if ('skip' in compiled) return t.skip(compiled.skip);
    const o = loadObject(compiled.bytes, {
      platform: 'linux',
      fileName: 'cilium_config.c',
      inlineLoaderConstants: false,
    });
    const program = at(o.programs, 0, 'program');
    const sources = program.instructions.filter((i) => i.opcode === 0x18).map((i) => i.src);
    assert.deepEqual(sources, [LddwSource.MAP_VALUE, LddwSource.MAP_VALUE, LddwSource.MAP_VALUE, LddwSource.MAP_VALUE]);
  });

  it('Windows has no such loader: the same lddw stays a map value pointer', (t) => {
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux/cilium_config.c'));
    if ('skip' in compiled) return t.skip(compiled.skip);
    const o = loadObject(compiled.bytes, { platform: 'windows', fileName: 'cilium_config.c' });
    const program = at(o.programs, 0, 'program');
    const sources = program.instructions.filter((i) => i.opcode === 0x18).map((i) => i.src);
    assert.deepEqual(sources, [LddwSource.MAP_VALUE, LddwSource.MAP_VALUE, LddwSource.MAP_VALUE, LddwSource.MAP_VALUE]);
  });
});

describe('statically initialised map slots', () => {
  it('linux/map_values.c: map-in-map slots name maps, program-array slots name programs', (t) => {
    const o = fixture('linux/map_values.c');
    if ('skip' in o) return t.skip(o.skip);
    const outer = defined(
      o.maps.find((m) => m.name === 'outer'),
      'map outer',
    );
    assert.deepEqual(outer.initialEntries, [
      { key: 0, kind: 'map', name: 'inner_a' },
      { key: 2, kind: 'map', name: 'inner_b' },
    ]);
    assert.equal(at(o.maps, defined(outer.innerMapIndex, 'outer.innerMapIndex'), 'inner map').name, 'outer.inner');
    const jumps = defined(
      o.maps.find((m) => m.name === 'jumps'),
      'map jumps',
    );
    assert.deepEqual(
      [jumps.type, jumps.keySize, jumps.valueSize, jumps.maxEntries, jumps.innerMapIndex],
      [3, 4, 4, 3, undefined],
    );
    assert.deepEqual(jumps.initialEntries, [{ key: 1, kind: 'program', name: 'tail_target' }]);
    assert.ok(o.programs.some((p) => p.name === 'tail_target'));
    assert.equal(
      defined(
        o.maps.find((m) => m.name === 'inner_a'),
        'map inner_a',
      ).initialEntries,
      undefined,
    );
  });
});

describe('programs, functions and linking', () => {
  it('linux/calls.c: several programs per section, subprograms appended depth-first, callbacks linked', (t) => {
    const o = fixture('linux/calls.c');
    if ('skip' in o) return t.skip(o.skip);
    const summary = o.programs.map((p) => [p.section, p.name, p.programType?.name, p.functions.map((f) => f.name)]);
    assert.deepEqual(summary, [
      ['xdp', 'first', 'xdp', ['first', 'classify', 'sum_squares', 'square']],
      ['xdp', 'second', 'xdp', ['second', 'loop_step', 'square']],
      ['tc', 'third', 'sched_cls', ['third', 'sum_squares', 'square']],
    ]);
    const second = at(o.programs, 1, 'program second');
    const callback = second.instructions.find((i) => i.opcode === 0x18 && i.src === LddwSource.FUNC);
    assert.ok(callback, 'bpf_loop callback address');
    assert.equal(
      callback.pc + 1 + callback.imm,
      defined(
        second.functions.find((f) => f.name === 'loop_step'),
        'function loop_step',
      ).startPc,
    );
  });

  it('windows/calls_globals.c: static call without relocation, global data from .text subprograms', (t) => {
    const o = fixture('windows/calls_globals.c');
    if ('skip' in o) return t.skip(o.skip);
    assert.equal(o.platform.id, 'windows');
    const first = defined(
      o.programs.find((p) => p.name === 'first'),
      'program first',
    );
    assert.deepEqual(
      first.functions.map((f) => f.name),
      ['first', 'frame_length', 'clamp'],
    );
    const clamp = at(first.functions, 2, 'function clamp');
    const rodataRef = first.instructions.find((i) => i.pc >= clamp.startPc && i.opcode === 0x18);
    assert.equal(rodataRef?.src, LddwSource.MAP_VALUE);
    assert.equal(at(o.maps, rodataRef.imm, 'the referenced map').section, '.rodata');
  });

  it('program types: every Windows program type resolves from its section', (t) => {
    const o = fixture('windows/program_types.c');
    if ('skip' in o) return t.skip(o.skip);
    assert.deepEqual(
      o.programs.map((p) => [p.section, p.programType?.name]),
      [
        ['xdp', 'xdp'],
        ['bind', 'bind'],
        ['cgroup/connect4', 'sock_addr'],
        ['cgroup/connect6', 'sock_addr'],
        ['cgroup/recv_accept4', 'sock_addr'],
        ['cgroup/recv_accept6', 'sock_addr'],
        ['cgroup/bind4', 'sock_addr'],
        ['cgroup/listen6', 'sock_addr'],
        ['cgroup/connect_authorization4', 'sock_addr'],
        ['sockops', 'sockops'],
        ['process', 'process'],
        ['netevent', 'netevent'],
        ['sample_ext', 'sample'],
      ],
    );
    assert.deepEqual(o.warnings, []);
  });

  it('program types: Linux sections resolve, unknown ones warn by name', (t) => {
    const o = fixture('linux/program_types.c');
    if ('skip' in o) return t.skip(o.skip);
    const bySection = new Map(o.programs.map((p) => [p.section, p.programType?.name]));
    assert.equal(bySection.get('socket'), 'socket_filter');
    assert.equal(bySection.get('kprobe/do_sys_open'), 'kprobe');
    assert.equal(bySection.get('kretprobe/do_sys_open'), 'kprobe');
    assert.equal(bySection.get('tracepoint/syscalls/sys_enter_openat'), 'tracepoint');
    assert.equal(bySection.get('raw_tracepoint/sched_switch'), 'raw_tracepoint');
    assert.equal(bySection.get('tc'), 'sched_cls');
    assert.equal(bySection.get('action'), 'sched_act');
    assert.equal(bySection.get('cgroup_skb/ingress'), 'cgroup_skb');
    assert.equal(bySection.get('cgroup/sock_create'), 'cgroup_sock');
    assert.equal(bySection.get('cgroup/connect4'), 'cgroup_sock_addr');
    assert.equal(bySection.get('sockops'), 'sockops');
    assert.equal(bySection.get('perf_event'), 'perf_event');
    assert.equal(o.programs.length, 23);
    for (const p of o.programs.filter((p) => !p.programType)) {
      assert.ok(
        p.loadWarnings.some((w) => w.includes(p.section)),
        `${p.section} warns`,
      );
    }
  });

  it('detects the platform and says why', (t) => {
    const w = compileFixture(path.join(FIXTURE_PROGRAMS, 'windows', 'xdp_count.c'));
    if ('skip' in w) return t.skip(w.skip);
    const windows = loadObject(w.bytes);
    assert.equal(windows.platform.id, 'windows');
    assert.match(windows.platformReason, /\.ebpf_for_windows/);
    const l = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', 'core_loops.c'));
    if ('skip' in l) return t.skip(l.skip);
    assert.equal(loadObject(l.bytes).platform.id, 'linux');
    // An XDP-only Linux object: only the headers in its debug info tell it apart.
    const x = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', 'xdp_count.c'));
    if ('skip' in x) return t.skip(x.skip);
    const linux = loadObject(x.bytes);
    assert.equal(linux.platform.id, 'linux');
    assert.match(linux.platformReason, /debug info.*linux\/bpf\.h/);
    const forced = loadObject(w.bytes, { platform: 'linux' });
    assert.equal(forced.platform.id, 'linux');
    assert.match(forced.platformReason, /caller/);
  });

  it('carries BTF line text, and fills it from sourceText where BTF has none', (t) => {
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', 'xdp_count.c'));
    if ('skip' in compiled) return t.skip(compiled.skip);
    const o = loadObject(compiled.bytes, { platform: 'linux' });
    const program = at(o.programs, 0, 'program');
    const entry = defined(
      program.lineTable.find((l) => l.location.line === 17),
      'line 17',
    );
    assert.equal(entry.location.text, '    if (data + 14 > data_end)');
    assert.equal(o.lineInfoCount, program.lineTable.length);
    // Blank out the line strings in .BTF (keeping their terminators): text then comes from sourceText.
    const elf = parseElf(compiled.bytes);
    const btfSection = defined(elf.sectionByName('.BTF'), 'section .BTF');
    const bytes = compiled.bytes.slice();
    const marker = new TextEncoder().encode('    if (data + 14 > data_end)');
    const markerAt = indexOf(bytes.subarray(btfSection.offset, btfSection.offset + btfSection.size), marker);
    assert.ok(markerAt > 0);
    bytes[btfSection.offset + markerAt] = 0;
    const source = ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'LINE SEVENTEEN'].join('\n');
    const filled = loadObject(bytes, { platform: 'linux', sourceText: source });
    const filledLine = defined(
      at(filled.programs, 0, 'program').lineTable.find((l) => l.location.line === 17),
      'line 17',
    );
    assert.equal(filledLine.location.text, 'LINE SEVENTEEN');
  });

  it('refuses global data larger than it will materialise', () => {
    const bytes = defined(
      checkedInObjects().find((o) => o.name === 'linux-globals.o'),
      'linux-globals.o',
    ).bytes;
    const elf = parseElf(bytes);
    const bss = defined(elf.sectionByName('.bss'), 'section .bss');
    const hostile = new Patch(bytes).u64(sectionHeaderAt(bytes, bss.index) + 32, 1n << 40n).bytes;
    assert.throws(
      () => loadObject(hostile, { platform: 'linux' }),
      (e: unknown) => e instanceof LoadError && /global data totals more than/.test(e.message),
    );
  });

  it('refuses a Windows object whose inner_id names no map, as eBPF for Windows does', () => {
    const bytes = checkedInObject('windows-maps_legacy.o');
    const maps = defined(parseElf(bytes).sectionByName('maps'), 'section maps');
    const patch = new Patch(bytes);
    // outer_by_id is the fourth 32-byte record; inner_id is its eighth u32 field.
    const innerIdAt = patch.readU64(sectionHeaderAt(bytes, maps.index) + 24) + 3 * 32 + 7 * 4;
    assert.equal(patch.readU32(innerIdAt), 7, 'outer_by_id names inner map id 7');
    assert.doesNotThrow(() => loadObject(bytes, { platform: 'windows' }));
    assert.throws(
      () => loadObject(patch.u32(innerIdAt, 11).bytes, { platform: 'windows' }),
      (e: unknown) => e instanceof LoadError && /map outer_by_id: inner_id 11 names no map/.test(e.message),
    );
  });

  it('rejects non-BPF input with one LoadError naming the file', () => {
    assert.throws(
      () => loadObject(new Uint8Array([1, 2, 3]), { fileName: 'x.o' }),
      (e: unknown) => e instanceof LoadError && /^x\.o: invalid ELF: file too short/.test(e.message),
    );
  });
});

function typeLabel(o: LoadedObject, id: number): string {
  return typeToString(defined(o.btf, 'BTF'), id);
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('hand-written objects', () => {
  it('.text-only object: each global function is a program, the local one a linked subprogram', (t) => {
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'asm', 'text_only.s'), { platform: 'linux' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const o = loadObject(compiled.bytes, { platform: 'linux' });
    assert.deepEqual(
      o.programs.map((p) => [p.section, p.name, p.slotCount, p.functions.map((f) => `${f.name}@${f.startPc}`)]),
      [
        ['.text', 'entry_a', 5, ['entry_a@0', 'helper@3']],
        ['.text', 'entry_b', 3, ['entry_b@0']],
      ],
    );
    const entryA = at(o.programs, 0, 'entry_a');
    const call = at(entryA.instructions, 1, 'the call');
    assert.equal(call.pc + 1 + call.imm, 3);
    assert.equal(at(entryA.functions, 1, 'helper').btfId, 0);
    assert.equal(o.btf, undefined);
    assert.ok(o.warnings.some((w) => /no \.BTF\.ext line info/.test(w)));
  });

  it('a code section without function symbols is one program named after its section', (t) => {
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'asm', 'no_symbols.s'), { platform: 'linux' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const o = loadObject(compiled.bytes, { platform: 'linux' });
    assert.deepEqual(o.sections, [{ name: 'xdp', instructions: 5 }]);
    assert.deepEqual(
      o.programs.map((p) => [p.name, p.programType?.name, p.slotCount, p.instructions.length]),
      [['xdp', 'xdp', 6, 5]],
    );
    const program = at(o.programs, 0, 'program xdp');
    assert.equal(program.lineTable.length, 0);
    assert.equal(program.sourceAt(0), undefined);
  });
});
