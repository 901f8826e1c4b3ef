import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  alignOf,
  BtfError,
  BtfKind,
  formatValue,
  parseBtf,
  parseBtfExt,
  sizeOf,
  skipModifiers,
  typeToString,
  type Btf,
  type BtfType,
  type ValueNode,
} from '../../../core/btf';
import { parseElf } from '../../../core/elf';
import { BtfBuilder, u32s } from '../../support/btfBuilder';
import { clangMissingReason, compileFixture, FIXTURE_PROGRAMS, listProgramFixtures } from '../../support/clang';
import { checkedInObjects } from '../../support/objects';
import { run, toolsMissing } from '../../support/objectOracles';
import { at, defined } from '../../support/at';

/** The fields or elements of a formatted aggregate (a scalar has none, which fails the test). */
function childrenOf(node: ValueNode): readonly ValueNode[] {
  return defined(node.children, `children of ${node.name || node.type}`);
}

function btfOf(bytes: Uint8Array): Btf {
  const elf = parseElf(bytes);
  return parseBtf(defined(elf.sectionByName('.BTF'), 'section .BTF').data);
}

/** Our types in `bpftool btf dump file X format raw` syntax, to compare with bpftool line by line. */
function rawDump(btf: Btf): string {
  const q = (s: string): string => `'${s || '(anon)'}'`;
  const linkage = ['static', 'global', 'extern'];
  const lines: string[] = [];
  const kindName = (t: BtfType): string =>
    at(
      [
        'UNKN',
        'INT',
        'PTR',
        'ARRAY',
        'STRUCT',
        'UNION',
        'ENUM',
        'FWD',
        'TYPEDEF',
        'VOLATILE',
        'CONST',
        'RESTRICT',
        'FUNC',
        'FUNC_PROTO',
        'VAR',
        'DATASEC',
        'FLOAT',
        'DECL_TAG',
        'TYPE_TAG',
        'ENUM64',
      ],
      t.kind,
      `name of BTF kind ${t.kind}`,
    );
  for (const t of btf.types.slice(1)) {
    const head = `[${t.id}] ${kindName(t)} ${q(t.name)}`;
    switch (t.kind) {
      case BtfKind.INT: {
        const enc = t.encoding & 1 ? 'SIGNED' : t.encoding & 2 ? 'CHAR' : t.encoding & 4 ? 'BOOL' : '(none)';
        lines.push(`${head} size=${t.size} bits_offset=${t.bitOffset} nr_bits=${t.bits} encoding=${enc}`);
        break;
      }
      case BtfKind.PTR:
      case BtfKind.TYPEDEF:
      case BtfKind.VOLATILE:
      case BtfKind.CONST:
      case BtfKind.RESTRICT:
      case BtfKind.TYPE_TAG:
        lines.push(`${head} type_id=${t.type}`);
        break;
      case BtfKind.ARRAY:
        lines.push(`${head} type_id=${t.type} index_type_id=${t.indexType} nr_elems=${t.count}`);
        break;
      case BtfKind.STRUCT:
      case BtfKind.UNION:
        lines.push(`${head} size=${t.size} vlen=${t.members.length}`);
        for (const m of t.members)
          lines.push(
            `\t${q(m.name)} type_id=${m.type} bits_offset=${m.bitOffset}${m.bitSize ? ` bitfield_size=${m.bitSize}` : ''}`,
          );
        break;
      case BtfKind.ENUM:
      case BtfKind.ENUM64:
        lines.push(`${head} encoding=${t.signed ? 'SIGNED' : 'UNSIGNED'} size=${t.size} vlen=${t.values.length}`);
        for (const v of t.values) lines.push(`\t${q(v.name)} val=${v.value}`);
        break;
      case BtfKind.FWD:
        lines.push(`${head} fwd_kind=${t.isUnion ? 'union' : 'struct'}`);
        break;
      case BtfKind.FUNC:
        lines.push(`${head} type_id=${t.type} linkage=${linkage[t.linkage]}`);
        break;
      case BtfKind.FUNC_PROTO:
        lines.push(`${head} ret_type_id=${t.returnType} vlen=${t.params.length}`);
        for (const p of t.params) lines.push(`\t${q(p.name)} type_id=${p.type}`);
        break;
      case BtfKind.VAR:
        lines.push(`${head} type_id=${t.type}, linkage=${linkage[t.linkage]}`);
        break;
      case BtfKind.DATASEC:
        lines.push(`${head} size=${t.size} vlen=${t.vars.length}`);
        for (const v of t.vars)
          lines.push(`\ttype_id=${v.type} offset=${v.offset} size=${v.size} (VAR ${q(btf.type(v.type).name)})`);
        break;
      case BtfKind.FLOAT:
        lines.push(`${head} size=${t.size}`);
        break;
      case BtfKind.DECL_TAG:
        lines.push(`${head} type_id=${t.type} component_idx=${t.componentIndex}`);
        break;
    }
  }
  return lines.join('\n');
}

/** Checked-in objects always; compiled fixtures too when clang is here. */
function objectsForOracle(): { name: string; path: string; bytes: Uint8Array }[] {
  const out = checkedInObjects().map((o) => ({ name: `objects/${o.name}`, path: o.path, bytes: o.bytes }));
  for (const source of listProgramFixtures()) {
    const compiled = compileFixture(source);
    if ('skip' in compiled) break;
    out.push({ name: path.relative(FIXTURE_PROGRAMS, source), path: compiled.objectPath, bytes: compiled.bytes });
  }
  return out;
}

describe('BTF types against bpftool btf dump (raw)', () => {
  it('covers every compiled program fixture beside the checked-in objects', (t) => {
    const missing = clangMissingReason();
    if (missing) return t.skip(missing);
    assert.equal(objectsForOracle().length, checkedInObjects().length + listProgramFixtures().length);
  });

  it('every fixture object: identical type listing', (t) => {
    const missing = toolsMissing('bpftool');
    if (missing) return t.skip(missing);
    const objects = objectsForOracle();
    assert.ok(objects.length >= 7);
    for (const object of objects) {
      const expected = run('bpftool', ['btf', 'dump', 'file', object.path, 'format', 'raw']).trimEnd();
      assert.equal(rawDump(btfOf(object.bytes)), expected, object.name);
    }
  });
});

describe('BTF type printer, sizes and the value formatter (btf_kinds.c)', () => {
  const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', 'btf_kinds.c'));
  const btf = 'skip' in compiled ? undefined : btfOf(compiled.bytes);
  const varType = (name: string): number => {
    const v = defined(btf, 'BTF of btf_kinds.c').findByName(name, BtfKind.VAR)[0];
    assert.ok(v && v.kind === BtfKind.VAR, `VAR ${name}`);
    return v.type;
  };

  it('prints C declarations', (t) => {
    if (!btf) return t.skip((compiled as { skip: string }).skip);
    const cases: [string, string][] = [
      ['ratio', 'volatile double'],
      ['packed_bits', 'bits_t'],
      ['opaque', 'struct fwd_only *'],
      ['user_pointer', 'int *'],
      ['restricted', 'char *restrict'],
      ['callback', 'int (*)(int, char *)'],
      ['greeting', 'const char *const'],
      ['shade', 'enum color'],
      ['num', 'union number'],
      ['matrix', 'int[2][3]'],
      ['matrix_row', 'int (*)[3]'],
      ['name', 'char[8]'],
    ];
    for (const [name, expected] of cases) assert.equal(typeToString(btf, varType(name)), expected, name);
    assert.equal(typeToString(btf, varType('matrix_row'), 'row'), 'int (*row)[3]');
    const func = at(btf.findByName('tagged_func', BtfKind.FUNC), 0, 'FUNC tagged_func');
    assert.equal(typeToString(btf, func.id), 'int tagged_func(int x)');
    const kinds = at(btf.findByName('kinds', BtfKind.FUNC), 0, 'FUNC kinds');
    assert.equal(typeToString(btf, kinds.id), 'int kinds(struct xdp_md *ctx)');
    assert.equal(typeToString(btf, 0), 'void');
  });

  it('resolves sizes and alignment through typedefs and qualifiers', (t) => {
    if (!btf) return t.skip((compiled as { skip: string }).skip);
    assert.equal(sizeOf(btf, varType('packed_bits')), 16);
    assert.equal(alignOf(btf, varType('packed_bits')), 8);
    assert.equal(sizeOf(btf, varType('matrix')), 24);
    assert.equal(alignOf(btf, varType('matrix')), 4);
    assert.equal(sizeOf(btf, varType('ratio')), 8);
    assert.equal(sizeOf(btf, varType('num')), 4);
    assert.equal(sizeOf(btf, varType('greeting')), 8);
    assert.equal(skipModifiers(btf, varType('packed_bits')).kind, BtfKind.STRUCT);
    assert.throws(() => sizeOf(btf, at(btf.findByName('fwd_only', BtfKind.FWD), 0, 'FWD fwd_only').id), BtfError);
  });

  it('formats values as a tree of named fields', (t) => {
    if (!btf) return t.skip((compiled as { skip: string }).skip);
    // struct bits { unsigned a:3; int b:5; unsigned long long c; } = { 5, -3, 77 }
    const bits = new Uint8Array(16);
    bits[0] = 5 | ((-3 & 0x1f) << 3);
    bits[8] = 77;
    const tree = formatValue(btf, varType('packed_bits'), bits, 'packed_bits');
    assert.equal(tree.type, 'bits_t');
    assert.deepEqual(
      childrenOf(tree).map((c: ValueNode) => [c.name, c.value, c.type]),
      [
        ['a', '5', 'unsigned int :3'],
        ['b', '-3', 'int :5'],
        ['c', '77', 'unsigned long long'],
      ],
    );
    const enumBytes = u32s([5]);
    assert.equal(formatValue(btf, varType('shade'), enumBytes).value, 'GREEN');
    assert.equal(formatValue(btf, varType('shade'), u32s([0xffffffff])).value, 'RED');
    assert.equal(formatValue(btf, varType('shade'), u32s([9])).value, '9');
    assert.equal(formatValue(btf, varType('name'), new TextEncoder().encode('eth0\0\0\0\0')).value, '"eth0"');
    const matrix = formatValue(btf, varType('matrix'), u32s([1, 2, 3, 4, 5, 6]));
    assert.equal(childrenOf(matrix).length, 2);
    const row = at(childrenOf(matrix), 1);
    assert.deepEqual(
      childrenOf(row).map((c) => c.value),
      ['4', '5', '6'],
    );
    assert.equal(at(childrenOf(row), 2).offset, 20);
    const pointer = new Uint8Array(8);
    pointer[0] = 0xef;
    pointer[1] = 0xbe;
    assert.equal(formatValue(btf, varType('opaque'), pointer).value, '0xbeef');
    const ratio = new Uint8Array(new Float64Array([1.5]).buffer);
    assert.equal(formatValue(btf, varType('ratio'), ratio).value, '1.5');
    const num = formatValue(btf, varType('num'), u32s([0x3fc00000]));
    assert.deepEqual(
      childrenOf(num).map((c) => [c.name, c.value]),
      [
        ['i', String(0x3fc00000)],
        ['f', '1.5'],
      ],
    );
    // Short buffers are shown as unavailable, never thrown.
    assert.equal(at(childrenOf(formatValue(btf, varType('packed_bits'), new Uint8Array(4))), 2).value, '<unavailable>');
    assert.equal(
      childrenOf(formatValue(btf, varType('matrix'), new Uint8Array(0), '', { maxArrayElements: 1 })).length,
      2,
    );
  });
});

describe('BTF: crafted types', () => {
  it('reads ENUM64 (signed and unsigned) and prints it', () => {
    const b = new BtfBuilder();
    const big = b.type('big', 19, 2, 8, [b.str('LOW'), 1, 0, b.str('HIGH'), 0, 0x80000000], false);
    const signed = b.type('sbig', 19, 1, 8, [b.str('NEG'), 0xffffffff, 0xffffffff], true);
    const btf = parseBtf(b.build());
    const t = btf.type(big);
    assert.ok(t.kind === BtfKind.ENUM64);
    assert.deepEqual(
      t.values.map((v) => v.value),
      [1n, 0x8000000000000000n],
    );
    const s = btf.type(signed);
    assert.ok(s.kind === BtfKind.ENUM64 && s.signed);
    assert.equal(at(s.values, 0).value, -1n);
    assert.equal(typeToString(btf, big), 'enum big');
    const bytes = new Uint8Array(8);
    bytes[7] = 0x80;
    assert.equal(formatValue(btf, big, bytes).value, 'HIGH');
    assert.equal(formatValue(btf, signed, new Uint8Array(8).fill(0xff)).value, 'NEG');
    assert.equal(sizeOf(btf, big), 8);
  });

  const malformed: [string, () => Uint8Array, RegExp][] = [
    ['too short', () => new Uint8Array(10), /too short/],
    [
      'bad magic',
      () => {
        const x = new BtfBuilder().build();
        x[0] = 0;
        return x;
      },
      /bad magic/,
    ],
    [
      'big-endian magic',
      () => {
        const x = new BtfBuilder().build();
        x[0] = 0xeb;
        x[1] = 0x9f;
        return x;
      },
      /big-endian/,
    ],
    [
      'type section out of bounds',
      () => {
        const b = new BtfBuilder();
        b.int('int', 4);
        const x = b.build();
        new DataView(x.buffer).setUint32(12, 9999, true);
        return x;
      },
      /type section/,
    ],
    [
      'unknown kind',
      () => {
        const b = new BtfBuilder();
        b.type('x', 25, 0, 0);
        return b.build();
      },
      /invalid BTF kind 25/,
    ],
    [
      'vlen past the end',
      () => {
        const b = new BtfBuilder();
        b.type('s', 4, 60000, 8);
        return b.build();
      },
      /BTF type 1 \(STRUCT\) records/,
    ],
    [
      'dangling type reference',
      () => {
        const b = new BtfBuilder();
        b.type('', 2, 0, 77);
        return b.build();
      },
      /refers to type 77/,
    ],
    [
      'name offset outside strings',
      () => {
        const b = new BtfBuilder();
        b.int('int', 4);
        const x = b.build();
        new DataView(x.buffer).setUint32(24, 5000, true);
        return x;
      },
      /BTF string/,
    ],
    [
      'truncated record',
      () => {
        const b = new BtfBuilder();
        b.int('int', 4);
        const x = b.build();
        new DataView(x.buffer).setUint32(12, 14, true);
        return x;
      },
      /outside/,
    ],
  ];
  for (const [name, make, message] of malformed) {
    it(`${name} -> BtfError`, () => {
      assert.throws(
        () => parseBtf(make()),
        (e: unknown) => e instanceof BtfError && message.test(e.message),
        name,
      );
    });
  }

  it('a typedef cycle is an error for size/resolve and a bounded string for the printer', () => {
    const b = new BtfBuilder();
    b.type('a', 8, 0, 2);
    b.type('b', 8, 0, 1);
    const ptr = b.type('', 2, 0, 4);
    b.type('', 10, 0, 3); // const -> ptr -> const: a qualifier cycle
    const btf = parseBtf(b.build());
    assert.throws(() => skipModifiers(btf, 1), /cycle/);
    assert.throws(() => sizeOf(btf, 1), BtfError);
    assert.equal(typeToString(btf, 1), 'a');
    assert.match(typeToString(btf, ptr), /\.\.\./);
    assert.equal(formatValue(btf, 1, new Uint8Array(8)).value, '<unavailable>');
  });
});

describe('.BTF.ext', () => {
  it('func_info names every function symbol at its offset, in every fixture', () => {
    const objects = objectsForOracle();
    for (const object of objects) {
      const elf = parseElf(object.bytes);
      const btf = parseBtf(defined(elf.sectionByName('.BTF'), 'section .BTF').data);
      const ext = parseBtfExt(defined(elf.sectionByName('.BTF.ext'), 'section .BTF.ext').data, btf);
      const funcSymbols = elf.symbols.filter((s) => s.type === 2);
      const records = ext.funcInfo.flatMap((part) => part.records.map((r) => ({ section: part.section, ...r })));
      assert.equal(records.length, funcSymbols.length, object.name);
      for (const r of records) {
        const func = btf.type(r.typeId);
        assert.equal(func.kind, BtfKind.FUNC, object.name);
        const symbol = funcSymbols.find((s) => s.name === func.name);
        assert.ok(symbol, `${object.name}: FUNC ${func.name} has a symbol`);
        assert.equal(at(elf.sections, symbol.sectionIndex).name, r.section, `${object.name}: ${func.name} section`);
        assert.equal(symbol.value, r.insnOffset, `${object.name}: ${func.name} offset`);
      }
    }
  });

  it('CO-RE relocations of core_loops.c name struct task_like and the accessed members', (t) => {
    const compiledCore = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', 'core_loops.c'));
    if ('skip' in compiledCore) return t.skip(compiledCore.skip);
    const elf = parseElf(compiledCore.bytes);
    const btf = parseBtf(defined(elf.sectionByName('.BTF'), 'section .BTF').data);
    const ext = parseBtfExt(defined(elf.sectionByName('.BTF.ext'), 'section .BTF.ext').data, btf);
    const relos = ext.coreRelocations.flatMap((part) => part.records.map((r) => ({ section: part.section, ...r })));
    // task->tgid is member 1; task->times.flags is member 2, then member 1 of the anonymous struct.
    assert.deepEqual(
      relos.map((r) => [r.section, typeToString(btf, r.typeId), r.accessString, r.kind]),
      [
        ['kprobe/do_exit', 'struct task_like', '0:1', 0],
        ['kprobe/do_exit', 'struct task_like', '0:2:1', 0],
      ],
    );
    for (const r of relos) assert.equal(r.insnOffset % 8, 0);
  });

  it('rejects malformed .BTF.ext with BtfError', () => {
    const btf = parseBtf(new BtfBuilder().build());
    const header = (funcLen: number, lineLen: number, body: number[]): Uint8Array => {
      const words = u32s([0, 32, 0, funcLen, funcLen, lineLen, funcLen + lineLen, 0, ...body]);
      new DataView(words.buffer).setUint32(0, 0x0001eb9f, true);
      return words;
    };
    assert.throws(() => parseBtfExt(new Uint8Array(8), btf), /too short/);
    assert.throws(() => parseBtfExt(header(4, 0, [2]), btf), /record size 2 is invalid/);
    assert.throws(() => parseBtfExt(header(12, 0, [8, 0, 1000]), btf), /records of section/);
    assert.throws(() => parseBtfExt(header(400, 0, [8]), btf), /func_info/);
  });
});

describe('BTF: hostile sizes stay linear and bounded', () => {
  it('many names pointing into one long string are read correctly', () => {
    const b = new BtfBuilder();
    const long = 'a'.repeat(20000);
    const base = b.str(long);
    const count = 20000;
    for (let i = 0; i < count; i++) b.type('', 1, 0, 4, [32]);
    const bytes = b.build();
    // Point type i's name at the i-th character of the long string.
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) view.setUint32(24 + i * 16, base + i, true);
    const btf = parseBtf(bytes);
    assert.equal(btf.types.length, count + 1);
    assert.equal(btf.type(1).name.length, 20000);
    assert.equal(btf.type(count).name.length, 1);
  });

  it('formatValue stops at its node budget on nested arrays', () => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, true);
    const a1 = b.type('', 3, 0, 0, [int, int, 64]);
    const a2 = b.type('', 3, 0, 0, [a1, int, 64]);
    const a3 = b.type('', 3, 0, 0, [a2, int, 64]);
    const btf = parseBtf(b.build());
    assert.equal(typeToString(btf, a3), 'int[64][64][64]');
    const tree = formatValue(btf, a3, new Uint8Array(64 * 64 * 64 * 4), 'cube', { maxNodes: 1000 });
    let nodes = 0;
    const walk = (n: ValueNode): void => {
      nodes++;
      n.children?.forEach(walk);
    };
    walk(tree);
    assert.ok(nodes <= 1000 + 64 * 3, `${nodes} nodes`);
    assert.equal(at(childrenOf(tree), 63).value, '...');
  });
});
