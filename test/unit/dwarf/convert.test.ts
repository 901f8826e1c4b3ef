// DW_OP_convert, which clang emits for narrowed variables (Cilium's drop notifications unpack a
// 32-bit word into __u16/__u8 fields): decoded, printed as llvm-dwarfdump prints it (the oracle
// test compares every fixture), evaluated with the base type's width and signedness; and a
// location the reader cannot decode costs that variable only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  decodeExpression,
  evaluateLocation,
  parseDwarf,
  DwarfError,
  DW_OP,
  type BaseType,
  type MachineState,
} from '../../../core/dwarf';
import { parseElf } from '../../../core/elf';
import { defined } from '../../support/at';
import { compileFixture, REPO_ROOT } from '../../support/clang';

const regs = (values: Record<number, bigint>): MachineState => ({
  register: (n) => values[n],
  frameBase: () => undefined,
  readMemory: () => undefined,
  address: () => undefined,
  addrx: () => undefined,
});

const u32: BaseType = { size: 4, signed: false, encoding: 'unsigned' };
const u16: BaseType = { size: 2, signed: false, encoding: 'unsigned' };
const s8: BaseType = { size: 1, signed: true, encoding: 'signed' };
const valueOf = (pieces: ReturnType<typeof evaluateLocation>): bigint => {
  const [only] = pieces;
  assert.equal(only?.location.kind, 'value');
  return only?.location.kind === 'value' ? only.location.value : -1n;
};

describe('DW_OP_convert', () => {
  it('truncates to the base type and extends by its signedness', () => {
    const m = regs({ 6: 0x1_2345_6789n });
    // DW_OP_breg6 +0, DW_OP_lit16, DW_OP_shr, DW_OP_convert u32, DW_OP_convert u16, DW_OP_stack_value
    const line = [
      { code: DW_OP.breg0 + 6, a: 0n },
      { code: DW_OP.lit0 + 16 },
      { code: DW_OP.shr },
      { code: DW_OP.convert, a: 0x27n, baseType: u32 },
      { code: DW_OP.convert, a: 0x2bn, baseType: u16 },
      { code: DW_OP.stack_value },
    ];
    assert.equal(valueOf(evaluateLocation(line, m)), 0x2345n);
    const signed = [
      { code: DW_OP.breg0 + 6, a: 0n },
      { code: DW_OP.convert, a: 0x30n, baseType: s8 },
      { code: DW_OP.stack_value },
    ];
    assert.equal(valueOf(evaluateLocation(signed, regs({ 6: 0xf0n }))), 0xffff_ffff_ffff_fff0n);
    // The generic type (offset 0) leaves the value as it is.
    const generic = [{ code: DW_OP.breg0 + 6, a: 0n }, { code: DW_OP.convert, a: 0n }, { code: DW_OP.stack_value }];
    assert.equal(valueOf(evaluateLocation(generic, regs({ 6: 0x1_0000_0000n }))), 0x1_0000_0000n);
  });

  it('decodes the base type the operand names, and refuses one that names none', () => {
    const bytes = new Uint8Array([DW_OP.breg0 + 6, 0, DW_OP.convert, 0x27, DW_OP.stack_value]);
    const types = (at: number): BaseType | undefined => (at === 0x27 ? u32 : undefined);
    const ops = decodeExpression(bytes, 8, () => ({ section: -1, offset: 0 }), types);
    assert.deepEqual(ops[1], { code: DW_OP.convert, a: 0x27n, baseType: u32 });
    const wrong = new Uint8Array([DW_OP.breg0 + 6, 0, DW_OP.convert, 0x28, DW_OP.stack_value]);
    assert.throws(() => decodeExpression(wrong, 8, () => ({ section: -1, offset: 0 }), types), DwarfError);
  });

  it('reads a narrowed variable of a compiled program through its conversions', (t) => {
    const source = path.join(REPO_ROOT, 'test', 'fixtures', 'programs', 'linux', 'narrowed_fields.c');
    const compiled = compileFixture(source);
    if ('skip' in compiled) return t.skip(compiled.skip);
    const dwarf = defined(parseDwarf(parseElf(compiled.bytes)), 'DWARF');
    const unpack = defined(
      dwarf.functions.find((f) => f.name === 'unpack'),
      'unpack',
    );
    const entries = (name: string) => {
      const v = defined(
        unpack.variables.find((x) => x.name === name),
        name,
      );
      assert.equal(v.location.kind, 'list', `${name} has a location list`);
      return v.location.kind === 'list' ? v.location.entries : [];
    };
    // `code = (__u8)word`: where clang describes it by converting the register that holds `word`
    // over the same range, reading it must keep the word's low byte.
    const code = defined(
      entries('code').find((e) => e.ops.some((op) => op.code === DW_OP.convert)),
      'code described with DW_OP_convert',
    );
    const wordThere = defined(
      entries('word').find((e) => e.range?.begin === code.range?.begin),
      'word over the same range',
    );
    const wordRegister = defined(wordThere.ops[0], 'word location').code - DW_OP.reg0;
    assert.equal(defined(code.ops[0], 'first op').code, DW_OP.breg0 + wordRegister);
    assert.equal(valueOf(evaluateLocation(code.ops, regs({ [wordRegister]: 0x1_feed_beefn }))), 0xefn);
  });

  it('an operation it cannot decode costs that variable, not the whole DWARF', (t) => {
    const source = path.join(REPO_ROOT, 'test', 'fixtures', 'programs', 'linux', 'narrowed_fields.c');
    const compiled = compileFixture(source);
    if ('skip' in compiled) return t.skip(compiled.skip);
    const bytes = compiled.bytes.slice();
    const lists = defined(parseElf(bytes).sectionByName('.debug_loclists'), '.debug_loclists');
    // Replace the first DW_OP_convert by an opcode from the vendor range, which no reader knows.
    const at = lists.data.findIndex((b, i) => b === DW_OP.convert && lists.data[i - 2] === DW_OP.breg0 + 6);
    assert.ok(at > 0, 'a DW_OP_convert after DW_OP_breg6 in .debug_loclists');
    bytes[lists.offset + at] = 0xfe;
    const dwarf = defined(parseDwarf(parseElf(bytes)), 'DWARF');
    const unpack = defined(
      dwarf.functions.find((f) => f.name === 'unpack'),
      'unpack',
    );
    const byName = (name: string) =>
      defined(
        unpack.variables.find((v) => v.name === name),
        name,
      );
    const broken = unpack.variables.filter((v) => v.location.kind === 'unreadable');
    assert.equal(broken.length, 1);
    const reason = broken[0]?.location.kind === 'unreadable' ? broken[0].location.reason : '';
    assert.match(reason, /0xfe/);
    assert.equal(byName('word').location.kind, 'list');
  });
});
