// Malformed input: seeded mutations (bit flips, hostile field values, truncation, splices) of real
// objects. loadObject must return or throw LoadError; the ELF and BTF parsers must return or throw
// their own error; the type printer and value formatter must never throw. Every loop in the code
// under test is bounded by the input size, so this test cannot hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BtfError, formatValue, parseBtf, parseBtfExt, sizeOf, typeToString, type Btf } from '../../../core/btf';
import { DwarfError, parseDwarf, readLineTables } from '../../../core/dwarf';
import { ElfError, parseElf, type ElfFile } from '../../../core/elf';
import { LoadError } from '../../../core/program/errors';
import { loadObject } from '../../../core/program/loader';
import { clangMissingReason, compileFixture, listProgramFixtures, platformOfFixture } from '../../support/clang';
import { at, defined } from '../../support/at';
import { checkedInObjects } from '../../support/objects';

const SEED = Number(process.env.MUTATION_SEED ?? 0x5eed);
const CASES = Number(process.env.MUTATION_CASES ?? 12000);

/** mulberry32: small, seeded, good enough to spread mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Base {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly platform: 'windows' | 'linux';
  /** Byte ranges holding structure (headers, symbol/relocation tables, BTF), where mutations hurt most. */
  readonly hot: readonly [number, number][];
}

function hotRanges(bytes: Uint8Array, elf: ElfFile): [number, number][] {
  const ranges: [number, number][] = [[0, 64]];
  const shoff = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(40, true));
  ranges.push([shoff, shoff + elf.sections.length * 64]);
  for (const s of elf.sections) {
    if (
      s.data.length > 0 &&
      (s.type === 2 ||
        s.type === 9 ||
        s.type === 3 ||
        s.name.startsWith('.BTF') ||
        s.name.startsWith('.debug_') ||
        s.name === '.maps' ||
        s.name === 'maps' ||
        (s.flags & 4) !== 0)
    ) {
      ranges.push([s.offset, s.offset + s.size]);
    }
  }
  return ranges;
}

function bases(): Base[] {
  const out: Base[] = checkedInObjects().map((o) => ({
    name: o.name,
    bytes: o.bytes,
    platform: o.name.startsWith('windows') ? 'windows' : 'linux',
    hot: [],
  }));
  for (const source of listProgramFixtures()) {
    const compiled = compileFixture(source);
    if ('skip' in compiled) break; // Without clang, the checked-in objects alone are mutated.
    out.push({ name: source, bytes: compiled.bytes, platform: platformOfFixture(source), hot: [] });
  }
  return out.map((b) => ({ ...b, hot: hotRanges(b.bytes, parseElf(b.bytes)) }));
}

/** A random element of a non-empty list. */
function choose<T>(items: readonly T[], random: () => number): T {
  return at(items, Math.floor(random() * items.length), 'a random choice');
}

const HOSTILE_U32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

function mutate(base: Base, all: readonly Base[], random: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(random() * n);
  let bytes = base.bytes.slice();
  // An offset inside the current (possibly shortened) bytes, mostly in structural ranges.
  const offset = (): number => {
    const at =
      random() < 0.7 && base.hot.length > 0
        ? (([lo, hi]) => lo + pick(Math.max(1, hi - lo)))(choose(base.hot, random))
        : pick(bytes.length);
    return Math.min(at, Math.max(0, bytes.length - 1));
  };
  const steps = 1 + pick(3);
  for (let s = 0; s < steps; s++) {
    // Mostly in-place damage, so that parsing gets past the ELF layer into BTF, maps and code.
    const roll = random();
    const kind = roll < 0.4 ? 0 : roll < 0.72 ? 1 : roll < 0.86 ? 3 : roll < 0.93 ? 2 : 4;
    switch (kind) {
      case 0: {
        // Flip one to eight bits.
        const flips = 1 + pick(8);
        for (let i = 0; i < flips; i++) {
          const flipAt = offset();
          bytes[flipAt] = (bytes[flipAt] ?? 0) ^ (1 << pick(8));
        }
        break;
      }
      case 1: {
        // A hostile 32-bit value (count, offset, size, index, type id) at a 4-aligned spot.
        const at = offset() & ~3;
        if (at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, choose(HOSTILE_U32, random), true);
        break;
      }
      case 2:
        // Truncate.
        bytes = bytes.slice(0, pick(bytes.length));
        break;
      case 3: {
        // Splice a chunk of another object (or this one) over this one.
        const donor = choose(all, random).bytes;
        const length = 1 + pick(256);
        const from = pick(Math.max(1, donor.length - length));
        const to = offset();
        bytes.set(donor.subarray(from, from + Math.max(0, Math.min(length, bytes.length - to))), to);
        break;
      }
      default: {
        // Duplicate or delete a run of bytes, shifting everything after it.
        const at = offset();
        const length = 1 + pick(64);
        if (random() < 0.5)
          bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at, at + length), ...bytes.subarray(at)]);
        else bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + length)]);
      }
    }
    if (bytes.length === 0) break;
  }
  return bytes;
}

/** Exercise the BTF consumers that must never throw on any parsed BTF. */
function exerciseBtf(btf: Btf, random: () => number): void {
  const limit = Math.min(btf.types.length, 64);
  for (let i = 0; i < limit; i++) {
    const id = Math.floor(random() * btf.types.length);
    typeToString(btf, id, 'x');
    try {
      sizeOf(btf, id);
    } catch (e) {
      if (!(e instanceof BtfError)) throw e;
    }
    formatValue(btf, id, new Uint8Array(Math.floor(random() * 64)).fill(0xa5), 'v', { maxArrayElements: 8 });
  }
}

describe('mutated objects', () => {
  it('start from every compiled program fixture beside the checked-in objects', (t) => {
    const missing = clangMissingReason();
    if (missing) return t.skip(missing);
    assert.equal(bases().length, checkedInObjects().length + listProgramFixtures().length);
  });

  it(
    `${CASES} seeded mutations (seed ${SEED}): only LoadError / ElfError / BtfError, never a crash`,
    { timeout: 600_000 },
    () => {
      const all = bases();
      const random = rng(SEED);
      const outcomes = {
        loaded: 0,
        loadErrors: 0,
        elfErrors: 0,
        btfErrors: 0,
        btfParsed: 0,
        dwarfParsed: 0,
        dwarfErrors: 0,
      };
      const failures: string[] = [];
      for (let i = 0; i < CASES && failures.length < 5; i++) {
        const base = at(all, i % all.length, 'base object');
        const bytes = mutate(base, all, random);
        const where = `case ${i} (seed ${SEED}, base ${base.name}, ${bytes.length} bytes)`;
        try {
          // Every fourth case detects the platform, which also reads the (damaged) DWARF file table.
          const o = loadObject(bytes, { platform: i % 4 === 0 ? 'auto' : base.platform });
          outcomes.loaded++;
          // A loaded program must still be internally consistent.
          for (const p of o.programs) {
            for (const insn of p.instructions) p.sourceAt(insn.pc);
            assert.equal(p.functions[0]?.startPc, 0, where);
          }
        } catch (e) {
          if (e instanceof LoadError) outcomes.loadErrors++;
          else failures.push(`${where}: loadObject threw ${(e as Error)?.name}: ${(e as Error)?.stack ?? String(e)}`);
        }
        // The parsers on their own, including the BTF consumers.
        let elf: ElfFile | undefined;
        try {
          elf = parseElf(bytes);
        } catch (e) {
          if (e instanceof ElfError) outcomes.elfErrors++;
          else failures.push(`${where}: parseElf threw ${(e as Error)?.stack ?? String(e)}`);
        }
        if (elf) {
          // The DWARF reader, and the queries consumers make of what it returns.
          try {
            readLineTables(elf);
            const dwarf = parseDwarf(elf);
            if (dwarf) {
              outcomes.dwarfParsed++;
              for (const f of dwarf.functions)
                for (const r of f.ranges) dwarf.framesAt({ section: r.section, offset: r.begin });
            }
          } catch (e) {
            if (e instanceof DwarfError || e instanceof ElfError) outcomes.dwarfErrors++;
            else failures.push(`${where}: parseDwarf threw ${(e as Error)?.stack ?? String(e)}`);
          }
        }
        const btfBytes = elf?.sectionByName('.BTF')?.data;
        if (btfBytes) {
          try {
            const btf = parseBtf(btfBytes);
            outcomes.btfParsed++;
            const extBytes = elf?.sectionByName('.BTF.ext')?.data;
            if (extBytes) parseBtfExt(extBytes, btf);
            exerciseBtf(btf, random);
          } catch (e) {
            if (e instanceof BtfError) outcomes.btfErrors++;
            else failures.push(`${where}: BTF threw ${(e as Error)?.stack ?? String(e)}`);
          }
        }
      }
      assert.deepEqual(failures, []);
      // The mutations must actually reach both outcomes, or the test proves nothing.
      assert.ok(outcomes.loaded > CASES / 20, `loaded ${outcomes.loaded}`);
      assert.ok(outcomes.loadErrors > CASES / 20, `load errors ${outcomes.loadErrors}`);
      assert.ok(outcomes.btfErrors > 0 && outcomes.elfErrors > 0, JSON.stringify(outcomes));
      assert.ok(outcomes.dwarfParsed > 0 && outcomes.dwarfErrors > 0, JSON.stringify(outcomes));
      console.log(`mutation outcomes over ${CASES} cases from ${all.length} objects: ${JSON.stringify(outcomes)}`);
    },
  );

  it('raw BTF bytes mutated directly: BtfError or a usable Btf', () => {
    const random = rng(SEED + 1);
    const sources = checkedInObjects().map(
      (o) => defined(parseElf(o.bytes).sectionByName('.BTF'), `${o.name} .BTF`).data,
    );
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = at(sources, i % sources.length, 'BTF source').slice();
      const flips = 1 + Math.floor(random() * 6);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * bytes.length) & ~3;
        if (random() < 0.5) bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 8));
        else if (at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, choose(HOSTILE_U32, random), true);
      }
      try {
        const btf = parseBtf(bytes);
        parsed++;
        exerciseBtf(btf, random);
      } catch (e) {
        if (!(e instanceof BtfError)) throw new Error(`case ${i}: ${(e as Error).stack}`);
      }
    }
    assert.ok(parsed > 100, `parsed ${parsed}`);
  });
});
