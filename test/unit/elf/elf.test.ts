import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ElfError, parseElf, RELOCATION_NAMES, SectionType, SymbolType } from '../../../core/elf';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { dwarfSourceFiles } from '../../../core/elf/dwarfFiles';
import { compileFixture, FIXTURE_PROGRAMS } from '../../support/clang';
import { checkedInObject, checkedInObjects, Patch, sectionHeaderAt } from '../../support/objects';
import {
  readelfRelocations,
  readelfSectionNames,
  readelfSymbols,
  run,
  toolsMissing,
} from '../../support/objectOracles';
import { at, defined } from '../../support/at';

const SYMBOL_TYPES: Record<number, string> = { 0: 'NOTYPE', 1: 'OBJECT', 2: 'FUNC', 3: 'SECTION', 4: 'FILE' };
const BINDINGS: Record<number, string> = { 0: 'LOCAL', 1: 'GLOBAL', 2: 'WEAK' };

describe('ELF reader against llvm-readelf', () => {
  for (const object of checkedInObjects()) {
    it(`${object.name}: sections, symbols and relocations`, (t) => {
      const missing = toolsMissing('llvm-readelf');
      if (missing) return t.skip(missing);
      const elf = parseElf(object.bytes);
      assert.equal(elf.header.machine, 247);
      assert.deepEqual(
        elf.sections.map((s) => s.name),
        readelfSectionNames(object.path),
      );

      const expected = readelfSymbols(object.path);
      assert.equal(elf.symbols.length, expected.length);
      elf.symbols.forEach((sym, i) => {
        const want = at(expected, i, `readelf symbol ${i}`);
        assert.equal(sym.value, want.value, `symbol ${i} value`);
        assert.equal(sym.size, want.size, `symbol ${i} size`);
        assert.equal(SYMBOL_TYPES[sym.type] ?? String(sym.type), want.type, `symbol ${i} type`);
        assert.equal(BINDINGS[sym.binding] ?? String(sym.binding), want.bind, `symbol ${i} binding`);
        const ndx = sym.sectionIndex === 0 ? 'UND' : sym.sectionIndex === 0xfff1 ? 'ABS' : String(sym.sectionIndex);
        assert.equal(ndx, want.ndx, `symbol ${i} section`);
        // readelf names section symbols by their section, as we do.
        if (sym.type !== SymbolType.SECTION) assert.equal(sym.name, want.name, `symbol ${i} name`);
      });

      const relocs = readelfRelocations(object.path);
      for (const section of elf.sections.filter((s) => s.type === SectionType.REL)) {
        // One REL section per target section in these objects: compare entry by entry in file order.
        const ours = elf.relocationsFor(section.info);
        const theirs = relocs.get(section.name) ?? [];
        assert.equal(theirs.length, section.data.length / 16, `${section.name} entry count`);
        assert.deepEqual(
          ours.map((r) => ({ offset: r.offset, type: RELOCATION_NAMES[r.type], symbol: r.symbol.name })),
          theirs.map((r) => ({ offset: r.offset, type: r.type, symbol: r.symbol })),
          `${section.name}`,
        );
      }
    });
  }
});

describe('ELF reader: hand-checked facts', () => {
  it('finds executable sections, NOBITS .bss and the relocation of a call', () => {
    const elf = parseElf(checkedInObject('windows-calls_globals.o'));
    const text = defined(elf.sectionByName('.text'), 'section .text');
    const xdp = defined(elf.sectionByName('xdp'), 'section xdp');
    assert.ok(elf.isExecutable(text) && elf.isExecutable(xdp));
    const bss = defined(elf.sectionByName('.bss'), 'section .bss');
    assert.equal(bss.type, SectionType.NOBITS);
    assert.equal(bss.data.length, 0);
    assert.equal(bss.size, 4);
    const call = elf.relocationsFor(xdp.index).find((r) => r.symbol.name === 'frame_length');
    assert.ok(call);
    assert.equal(RELOCATION_NAMES[call.type], 'R_BPF_64_32');
    assert.equal(call.offset, 40);
    // .BTF and .BTF.ext relocations are read too.
    assert.ok(elf.relocationsFor(defined(elf.sectionByName('.BTF.ext'), 'section .BTF.ext').index).length > 0);
    assert.ok(elf.relocationsFor(defined(elf.sectionByName('.BTF'), 'section .BTF').index).length > 0);
  });
});

describe('ELF reader: malformed input', () => {
  const good = checkedInObject('linux-xdp_count.o');
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['empty file', () => new Uint8Array(0), /too short for an ELF header/],
    ['bad magic', () => new Patch(good).u8(1, 0x41).bytes, /bad magic/],
    ['ELF32', () => new Patch(good).u8(4, 1).bytes, /unsupported ELF class 1/],
    ['big-endian', () => new Patch(good).u8(5, 2).bytes, /big-endian/],
    ['x86-64 machine', () => new Patch(good).u16(18, 62).bytes, /e_machine is 62/],
    [
      'section header table past the end',
      () => new Patch(good).u64(40, BigInt(good.length - 10)).bytes,
      /section header table .* out of bounds/,
    ],
    ['huge section count', () => new Patch(good).u16(60, 0xfffe).bytes, /section header table .* out of bounds/],
    ['shstrndx out of range', () => new Patch(good).u16(62, 200).bytes, /section name table index 200/],
    ['truncated in the section headers', () => good.slice(0, good.length - 20), /out of bounds|outside/],
    [
      'section data past the end',
      () => {
        const p = new Patch(good);
        return p.u64(sectionHeaderAt(good, 3) + 32, 0xffffffffn).bytes;
      },
      /section 3 data .* out of bounds/,
    ],
    [
      'section offset beyond 2^53',
      () => {
        const p = new Patch(good);
        return p.u64(sectionHeaderAt(good, 3) + 24, 0xffffffffffffff00n).bytes;
      },
      /too large/,
    ],
    [
      'section name offset out of range',
      () => {
        const p = new Patch(good);
        return p.u32(sectionHeaderAt(good, 3), 0x7fffffff).bytes;
      },
      /section 3 name/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`${name} -> ElfError`, () => {
      assert.throws(
        () => parseElf(make()),
        (e: unknown) => e instanceof ElfError && message.test(e.message),
      );
    });
  }

  it('a symbol pointing at a missing section, a bad string offset and a bad relocation symbol are ElfErrors', () => {
    const elf = parseElf(good);
    const symtab = defined(
      elf.sections.find((s) => s.type === SectionType.SYMTAB),
      'the symbol table',
    );
    const firstSymbol = symtab.offset + 24;
    assert.throws(() => parseElf(new Patch(good).u16(firstSymbol + 6, 900).bytes), /refers to section 900/);
    const named = elf.symbols.findIndex((s) => s.name !== '' && s.type !== SymbolType.SECTION);
    assert.throws(() => parseElf(new Patch(good).u32(symtab.offset + named * 24, 0xffffff).bytes), /symbol \d+ name/);
    // Relocations are read when asked for, so a broken one fails only its consumer.
    const rel = defined(
      elf.sections.find((s) => s.type === SectionType.REL),
      'a REL section',
    );
    const badReloc = parseElf(new Patch(good).u32(rel.offset + 12, 5000).bytes);
    assert.throws(() => badReloc.relocationsFor(rel.info), /refers to symbol 5000/);
    assert.throws(
      () => parseElf(new Patch(good).u64(sectionHeaderAt(good, symtab.index) + 32, 25n).bytes),
      /not a multiple of 24/,
    );
  });
});

describe('DWARF line-table file names', () => {
  it('lists the source and headers of a checked-in object (DWARF 5) like llvm-dwarfdump', (t) => {
    const files = dwarfSourceFiles(parseElf(checkedInObject('linux-calls.o')));
    assert.ok(files.includes('./test/fixtures/programs/linux/calls.c'), files.join(', '));
    assert.ok(files.some((f) => f.endsWith('/linux/bpf.h')));
    assert.ok(files.some((f) => f.endsWith('/bpf/bpf_helper_defs.h')));
    const missing = toolsMissing('llvm-dwarfdump');
    if (missing) return t.skip(missing);
    const listing = run('llvm-dwarfdump', [
      '--debug-line',
      defined(
        checkedInObjects().find((o) => o.name === 'linux-calls.o'),
        'checked-in linux-calls.o',
      ).path,
    ]);
    const names = [...listing.matchAll(/file_names\[\s*\d+\]:\s*\n\s*name: "([^"]+)"/g)].map((m) => at(m, 1));
    assert.deepEqual(
      files.map((f) => f.split('/').pop()),
      names.map((n) => n.split('/').pop()),
    );
  });

  it('names headers of relative include directories (-I . / -I lib) from the compilation directory', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dwarf-files-'));
    try {
      fs.mkdirSync(path.join(dir, 'lib'));
      fs.writeFileSync(path.join(dir, 'lib', 'helper.h'), 'static inline int twice(int x) { return 2 * x; }\n');
      fs.writeFileSync(path.join(dir, 'config.h'), 'volatile int factor = 3;\n');
      fs.writeFileSync(
        path.join(dir, 'prog.c'),
        '#include "config.h"\n#include "lib/helper.h"\n__attribute__((section("xdp"))) int prog(int *ctx) { return twice(*ctx + factor); }\n',
      );
      // As Cilium builds: from its bpf/ folder, with `-I .`; the line table then says "." and "./lib".
      const r = spawnSync('clang', ['-target', 'bpf', '-O2', '-g', '-I', '.', '-c', 'prog.c', '-o', 'prog.o'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (r.error) return t.skip(`clang is missing (${r.error.message})`);
      assert.equal(r.status, 0, r.stderr);
      const files = dwarfSourceFiles(parseElf(new Uint8Array(fs.readFileSync(path.join(dir, 'prog.o')))));
      const real = fs.realpathSync(dir);
      for (const name of ['prog.c', 'config.h', 'lib/helper.h'])
        assert.ok(
          files.some((f) => f === path.join(real, name) || f === path.join(dir, name)),
          `${name} in ${files.join(', ')}`,
        );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads DWARF 4 file tables too, and returns nothing (not an error) for damaged ones', (t) => {
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', 'globals.c'), { extraArgs: ['-gdwarf-4'] });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const files = dwarfSourceFiles(parseElf(compiled.bytes));
    assert.ok(
      files.some((f) => f.endsWith('linux/bpf.h')),
      files.join(', '),
    );
    const elf = parseElf(compiled.bytes);
    const line = defined(elf.sectionByName('.debug_line'), 'section .debug_line');
    const damaged = new Patch(compiled.bytes).u16(line.offset + 4, 99).bytes;
    assert.deepEqual(dwarfSourceFiles(parseElf(damaged)), []);
    const truncated = new Patch(compiled.bytes).u32(line.offset, 0xfffffff0).bytes;
    assert.deepEqual(dwarfSourceFiles(parseElf(truncated)), []);
  });
});
