// The small C-like expression language of conditional breakpoints, logpoints, watches and the
// debug console: registers (r0..r10, w0..w10 for the low 32 bits, fp = r10, pc), integer
// literals, the C operators (arithmetic, bitwise, shifts, comparisons, logical, unary - ~ !),
// casts `(u32)x`, memory reads `*(u32*)(r1+4)` / `*(u8*)r2` / `*r1` (8 bytes), indexing of a typed
// pointer `((u8*)r2)[3]`, map lookups `stats[0]` / `services["0a00006400500600"]` (a pointer to the
// value, 0 when absent, as bpf_map_lookup_elem), and named values `ctx.len` / `ctx->ingress_ifindex`.
// Arithmetic is on 64-bit values and pointer arithmetic on those untyped pointers counts bytes.
// With DWARF the language is C: the frame's variables and parameters by name, `.`/`->` on
// structs, `[]` and `*` through typed pointers (scaled as in C), `&x`, casts to the program's
// types (`(struct iphdr *)r2`), and ntohs/ntohl/htons/htonl.

import { addressOfValue, CValueError, derefOf, fromScalar, memberOf, scalarOf, type CValue } from './cvalue';
import { resolveType, sizeOfType, typeName, type DwarfType } from '../core/dwarf';

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** What an expression can see; supplied by the runtime for the selected frame. */
export interface ExpressionEnv {
  register(index: number): bigint;
  readonly pc: number;
  /** Little-endian read; throws with a reason when the address is not readable. */
  readMemory(address: bigint, size: number): Uint8Array;
  /** `ctx.len`, ... (undefined when unknown). */
  namedValue(name: string): bigint | undefined;
  /** Whether `name` is a map, and its key size. */
  mapKeySize(name: string): number | undefined;
  /** Address of the value for the key, or 0n when the map has no such key. */
  mapLookup(name: string, key: Uint8Array): bigint;
  /** A C variable visible in the frame (DWARF), undefined when there is none by that name. */
  cVariable?(name: string): CValue | undefined;
  /** A C type of the program by name (`iphdr`, `__be32`; tag for `struct X`), undefined when unknown. */
  cType?(name: string, tag?: 'struct' | 'union' | 'enum'): DwarfType | undefined;
}

type Node =
  | { kind: 'num'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'reg'; index: number; width: 64 | 32 }
  | { kind: 'pc' }
  | { kind: 'name'; name: string }
  | { kind: 'member'; base: string; field: string }
  | { kind: 'unary'; op: string; operand: Node }
  | {
      kind: 'cast';
      size: number;
      signed: boolean;
      pointer: boolean;
      operand: Node;
      /** The C spelling, for a cast to one of the program's types (`struct iphdr`, `__be32`). */
      typeName?: { name: string; tag?: 'struct' | 'union' | 'enum'; pointers: number };
    }
  | { kind: 'field'; base: Node; field: string; arrow: boolean }
  | { kind: 'addr'; operand: Node }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'deref'; operand: Node }
  | { kind: 'index'; base: Node; index: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'cond'; test: Node; then: Node; otherwise: Node };

/** A value plus the size of what it points to, when it was cast to a pointer type. */
export interface Value {
  readonly value: bigint;
  readonly pointee?: { readonly size: number; readonly signed: boolean };
  /** Set when the value is the result of a map lookup at the top level (the session shows the entry). */
  readonly lookup?: { readonly map: string; readonly key: Uint8Array };
  /** The C value, when the expression has a C type (a variable, a field, a typed cast). */
  readonly c?: CValue;
}

/** The byte-order functions the console knows (all swap on the little-endian BPF target). */
const BYTE_ORDER: Record<string, number> = {
  ntohs: 2,
  htons: 2,
  bpf_ntohs: 2,
  bpf_htons: 2,
  ntohl: 4,
  htonl: 4,
  bpf_ntohl: 4,
  bpf_htonl: 4,
  __builtin_bswap16: 2,
  __builtin_bswap32: 4,
  __builtin_bswap64: 8,
};

const TYPES: Record<string, { size: number; signed: boolean }> = {
  u8: { size: 1, signed: false },
  __u8: { size: 1, signed: false },
  uint8_t: { size: 1, signed: false },
  char: { size: 1, signed: true },
  s8: { size: 1, signed: true },
  i8: { size: 1, signed: true },
  __s8: { size: 1, signed: true },
  int8_t: { size: 1, signed: true },
  u16: { size: 2, signed: false },
  __u16: { size: 2, signed: false },
  uint16_t: { size: 2, signed: false },
  __be16: { size: 2, signed: false },
  s16: { size: 2, signed: true },
  i16: { size: 2, signed: true },
  __s16: { size: 2, signed: true },
  int16_t: { size: 2, signed: true },
  short: { size: 2, signed: true },
  u32: { size: 4, signed: false },
  __u32: { size: 4, signed: false },
  uint32_t: { size: 4, signed: false },
  __be32: { size: 4, signed: false },
  unsigned: { size: 4, signed: false },
  s32: { size: 4, signed: true },
  i32: { size: 4, signed: true },
  __s32: { size: 4, signed: true },
  int32_t: { size: 4, signed: true },
  int: { size: 4, signed: true },
  u64: { size: 8, signed: false },
  __u64: { size: 8, signed: false },
  uint64_t: { size: 8, signed: false },
  __be64: { size: 8, signed: false },
  s64: { size: 8, signed: true },
  i64: { size: 8, signed: true },
  __s64: { size: 8, signed: true },
  int64_t: { size: 8, signed: true },
  long: { size: 8, signed: true },
  void: { size: 1, signed: false },
};

interface Token {
  readonly text: string;
  readonly kind: 'num' | 'id' | 'op' | 'str' | 'end';
  readonly at: number;
}

const OPERATORS = [
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '->',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '~',
  '!',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '.',
  '?',
  ':',
];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|0b[01]+|\d+)[uUlL]*/.exec(text.slice(i));
    if (num) {
      out.push({ text: num[1] ?? num[0], kind: 'num', at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_.][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (id && c !== '.') {
      out.push({ text: id[0], kind: 'id', at: i });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`unterminated string starting at column ${i + 1}`);
      out.push({ text: text.slice(i + 1, end), kind: 'str', at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected '${c}' at column ${i + 1}`);
    out.push({ text: op, kind: 'op', at: i });
    i += op.length;
  }
  out.push({ text: '', kind: 'end', at: text.length });
  return out;
}

const BINARY_LEVELS: string[][] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Deepest nesting an expression may have; far beyond any real watch expression. */
export const MAX_NESTING = 200;

class Parser {
  private i = 0;
  /** Nesting of parentheses and unary operators: bounded, so (((…))) cannot overflow the stack. */
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly isTypeName: (name: string) => boolean = () => false,
  ) {}

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING)
      throw new ExpressionError(`the expression nests more than ${MAX_NESTING} levels deep`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] ?? this.end();
  }

  private take(): Token {
    return this.tokens[this.i++] ?? this.end();
  }

  /** Past the last token (tokenize ends the list with one of these): the end again. */
  private end(): Token {
    return { text: '', kind: 'end', at: this.tokens[this.tokens.length - 1]?.at ?? 0 };
  }

  private expect(text: string): void {
    const t = this.take();
    if (t.text !== text || t.kind === 'str')
      throw new ExpressionError(
        `expected '${text}' at column ${t.at + 1}${t.kind === 'end' ? ' (the expression ended)' : `, found '${t.text}'`}`,
      );
  }

  parse(): Node {
    const node = this.conditional();
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionError(`unexpected '${t.text}' at column ${t.at + 1}`);
    return node;
  }

  private conditional(): Node {
    return this.nested(() => this.conditionalAt());
  }

  private conditionalAt(): Node {
    const test = this.binary(0);
    if (this.peek().text === '?' && this.peek().kind === 'op') {
      this.take();
      const then = this.conditional();
      this.expect(':');
      return { kind: 'cond', test, then, otherwise: this.conditional() };
    }
    return test;
  }

  private binary(level: number): Node {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !BINARY_LEVELS[level]?.includes(t.text)) return left;
      this.take();
      left = { kind: 'binary', op: t.text, left, right: this.binary(level + 1) };
    }
  }

  /** `(type)` or `(type *)` at the cursor, without consuming it unless it is one. */
  private castAhead():
    | {
        size: number;
        signed: boolean;
        pointer: boolean;
        length: number;
        typeName?: { name: string; tag?: 'struct' | 'union' | 'enum'; pointers: number };
      }
    | undefined {
    if (this.peek().text !== '(' || this.peek().kind !== 'op') return undefined;
    const named = this.namedCastAhead();
    if (named) return named;
    let j = 1;
    const words: string[] = [];
    while (
      this.peek(j).kind === 'id' &&
      (TYPES[this.peek(j).text] || ['unsigned', 'signed', 'struct', 'const', 'volatile'].includes(this.peek(j).text))
    ) {
      words.push(this.peek(j).text);
      j++;
    }
    if (words.length === 0) return undefined;
    let pointer = false;
    while (this.peek(j).text === '*' && this.peek(j).kind === 'op') {
      pointer = true;
      j++;
    }
    if (this.peek(j).text !== ')') return undefined;
    const core = words.filter((w) => w !== 'const' && w !== 'volatile' && w !== 'signed');
    const base =
      core.length === 0 ? 'int' : core.length === 2 && core[0] === 'unsigned' ? core[1] : core[core.length - 1];
    const type = base !== undefined ? TYPES[base] : undefined;
    if (!type) return undefined;
    const signed = core[0] === 'unsigned' ? false : type.signed;
    return { size: type.size, signed, pointer, length: j + 1 };
  }

  /**
   * `(struct X *)`, `(union X)`, `(enum X)`, or `(name *)` / `(name)` for a type name the program
   * knows (its typedefs, e.g. `(__be32)`), as C casts to the program's types.
   */
  private namedCastAhead():
    | {
        size: number;
        signed: boolean;
        pointer: boolean;
        length: number;
        typeName: { name: string; tag?: 'struct' | 'union' | 'enum'; pointers: number };
      }
    | undefined {
    let j = 1;
    while (['const', 'volatile'].includes(this.peek(j).text) && this.peek(j).kind === 'id') j++;
    let tag: 'struct' | 'union' | 'enum' | undefined;
    const first = this.peek(j);
    if (first.kind === 'id' && (first.text === 'struct' || first.text === 'union' || first.text === 'enum')) {
      tag = first.text;
      j++;
    }
    const name = this.peek(j);
    if (name.kind !== 'id') return undefined;
    if (!tag && (TYPES[name.text] || ['unsigned', 'signed'].includes(name.text)) && this.peek(j + 1).text !== '*')
      return undefined;
    if (!tag && !this.isTypeName(name.text)) return undefined;
    j++;
    let pointers = 0;
    while (this.peek(j).text === '*' && this.peek(j).kind === 'op') {
      pointers++;
      j++;
    }
    if (this.peek(j).text !== ')' || this.peek(j).kind !== 'op') return undefined;
    return {
      size: pointers > 0 ? 8 : 8,
      signed: false,
      pointer: pointers > 0,
      length: j + 1,
      typeName: { name: name.text, ...(tag && { tag }), pointers },
    };
  }

  private unary(): Node {
    return this.nested(() => this.unaryAt());
  }

  private unaryAt(): Node {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '&') {
      this.take();
      return { kind: 'addr', operand: this.unary() };
    }
    if (t.kind === 'op' && ['-', '~', '!'].includes(t.text)) {
      this.take();
      return { kind: 'unary', op: t.text, operand: this.unary() };
    }
    if (t.kind === 'op' && t.text === '*') {
      this.take();
      return { kind: 'deref', operand: this.unary() };
    }
    const cast = this.castAhead();
    if (cast) {
      this.i += cast.length;
      return {
        kind: 'cast',
        size: cast.size,
        signed: cast.signed,
        pointer: cast.pointer,
        operand: this.unary(),
        ...(cast.typeName ? { typeName: cast.typeName } : {}),
      };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.text === '[') {
        this.take();
        const index = this.conditional();
        this.expect(']');
        node = { kind: 'index', base: node, index };
        continue;
      }
      if (t.kind === 'op' && (t.text === '->' || t.text === '.')) {
        this.take();
        const f = this.take();
        if (f.kind !== 'id') throw new ExpressionError(`expected a field name after '${t.text}' at column ${f.at + 1}`);
        // `a->b.c` arrives as '->' then the identifier 'b.c': split the dotted rest into fields.
        const [first = '', ...rest] = f.text.split('.');
        node = { kind: 'field', base: node, field: first, arrow: t.text === '->' };
        for (const r of rest) node = { kind: 'field', base: node, field: r, arrow: false };
        continue;
      }
      return node;
    }
  }

  private primary(): Node {
    const t = this.take();
    if (t.kind === 'num') return { kind: 'num', value: BigInt(t.text) };
    if (t.kind === 'str') return { kind: 'str', value: t.text };
    if (t.kind === 'id') {
      const [base = '', ...fields] = t.text.split('.');
      if (fields.length > 0) return { kind: 'member', base, field: fields.join('.') };
      const reg = /^([rw])(\d+)$/.exec(t.text);
      if (reg) return { kind: 'reg', index: Number(reg[2]), width: reg[1] === 'w' ? 32 : 64 };
      if (t.text === 'fp') return { kind: 'reg', index: 10, width: 64 };
      if (t.text === 'pc') return { kind: 'pc' };
      if (t.text === 'NULL') return { kind: 'num', value: 0n };
      if (this.peek().text === '(' && this.peek().kind === 'op') {
        if (BYTE_ORDER[t.text] === undefined)
          throw new ExpressionError(
            `'${t.text}(...)': function calls are not evaluated (known: ntohs, ntohl, htons, htonl)`,
          );
        this.take();
        const args: Node[] = [this.conditional()];
        this.expect(')');
        return { kind: 'call', name: t.text, args };
      }
      return { kind: 'name', name: t.text };
    }
    if (t.kind === 'op' && t.text === '(') {
      const node = this.conditional();
      this.expect(')');
      return node;
    }
    throw new ExpressionError(
      t.kind === 'end' ? 'the expression is incomplete' : `unexpected '${t.text}' at column ${t.at + 1}`,
    );
  }
}

export function parseExpression(text: string, isTypeName?: (name: string) => boolean): Node {
  if (text.trim() === '') throw new ExpressionError('empty expression');
  return new Parser(tokenize(text), isTypeName).parse();
}

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const S64 = (v: bigint): bigint => BigInt.asIntN(64, v);

function readInt(bytes: Uint8Array, signed: boolean): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return signed ? U64(BigInt.asIntN(bytes.length * 8, v)) : v;
}

function keyBytes(map: string, index: Node, keySize: number, evalNode: (n: Node) => Value): Uint8Array {
  if (index.kind === 'str') {
    const clean = index.value.replace(/[\s:]/g, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new ExpressionError(`map key "${index.value}" is not hex bytes`);
    const bytes = Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
    if (bytes.length !== keySize)
      throw new ExpressionError(`map '${map}' has ${keySize}-byte keys; "${index.value}" is ${bytes.length} bytes`);
    return bytes;
  }
  const evaluated = evalNode(index);
  // A C value of the key's size (a struct service_key variable) is the key as it is in memory.
  if (evaluated.c?.bytes && evaluated.c.bytes.length === keySize) return evaluated.c.bytes.slice();
  if (keySize > 8)
    throw new ExpressionError(
      `map '${map}' has ${keySize}-byte keys: give the key as a hex string, e.g. ${map}["${'00'.repeat(keySize)}"]`,
    );
  let v = evaluated.value;
  const out = new Uint8Array(keySize);
  for (let i = 0; i < keySize; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A C value as an expression Value (aggregates: their address, or 0 when in registers). */
function typed(c: CValue): Value {
  const t = resolveType(c.type);
  const scalar = t.kind === 'struct' || t.kind === 'union' || t.kind === 'array' ? (c.address ?? 0n) : scalarOf(c);
  return { value: scalar, c };
}

function readBytes(env: ExpressionEnv): (address: bigint, size: number) => Uint8Array {
  return (a, s) => env.readMemory(a, s);
}

function cTypeOf(
  env: ExpressionEnv,
  spec: { name: string; tag?: 'struct' | 'union' | 'enum'; pointers: number },
): DwarfType {
  const base = env.cType?.(spec.name, spec.tag);
  if (!base)
    throw new ExpressionError(
      `unknown type '${spec.tag ? `${spec.tag} ` : ''}${spec.name}' (the program's DWARF does not define it)`,
    );
  let t: DwarfType = base;
  for (let i = 0; i < spec.pointers; i++) t = { kind: 'pointer', target: t };
  return t;
}

function describe(n: Node): string {
  switch (n.kind) {
    case 'name':
      return n.name;
    case 'member':
      return `${n.base}.${n.field}`;
    case 'field':
      return `${describe(n.base)}${n.arrow ? '->' : '.'}${n.field}`;
    case 'reg':
      return `${n.width === 32 ? 'w' : 'r'}${n.index}`;
    default:
      return 'the expression';
  }
}

/** Evaluate to a 64-bit value (unsigned representation). */
export function evaluate(node: Node, env: ExpressionEnv): Value {
  try {
    return evaluateNode(node, env);
  } catch (e) {
    if (e instanceof CValueError) throw new ExpressionError(e.message);
    throw e;
  }
}

function evaluateNode(node: Node, env: ExpressionEnv): Value {
  const ev = (n: Node): Value => evaluateNode(n, env);
  const num = (n: Node): bigint => ev(n).value;
  switch (node.kind) {
    case 'field': {
      const named = node.base.kind === 'name' ? env.cVariable?.(node.base.name) : undefined;
      const base = named && (named.bytes || named.address !== undefined) ? named : undefined;
      if (node.base.kind === 'name' && !base) {
        // Named values without C types (ctx.len, ctx->ingress_ifindex).
        const v = env.namedValue(`${node.base.name}.${node.field}`);
        if (v !== undefined) return { value: U64(v) };
        if (env.namedValue(node.base.name) === undefined)
          throw new ExpressionError(
            `unknown name '${node.base.name}' (no C variable of that name is in scope here${env.cVariable ? '' : ': the program has no DWARF'})`,
          );
      }
      const b = base ? { value: 0n, c: base } : ev(node.base);
      if (!b.c)
        throw new ExpressionError(
          `'${describe(node.base)}' has no C type: cast it first, e.g. ((struct iphdr *)${describe(node.base)})${node.arrow ? '->' : '.'}${node.field}`,
        );
      const target = node.arrow ? derefOf(b.c, readBytes(env)) : b.c;
      if (node.arrow && resolveType(b.c.type).kind !== 'pointer')
        throw new ExpressionError(`'${describe(node.base)}' is a ${typeName(b.c.type)}, not a pointer: use '.'`);
      return typed(memberOf(target, node.field));
    }
    case 'addr': {
      const v = ev(node.operand);
      if (!v.c)
        throw new ExpressionError(`'&${describe(node.operand)}': only C variables and their fields have addresses`);
      return typed(addressOfValue(v.c, describe(node.operand)));
    }
    case 'call': {
      const size = BYTE_ORDER[node.name];
      const [arg] = node.args;
      if (size === undefined || arg === undefined)
        throw new ExpressionError(`'${node.name}(...)' is not a byte-order conversion of one value`);
      const v = num(arg);
      let swapped = 0n;
      for (let i = 0; i < size; i++) swapped = (swapped << 8n) | ((v >> BigInt(8 * i)) & 0xffn);
      return { value: swapped };
    }
    case 'num':
      return { value: U64(node.value) };
    case 'str':
      throw new ExpressionError(`a string ("${node.value}") can only be a map key`);
    case 'reg': {
      if (node.index > 10) throw new ExpressionError(`there is no register r${node.index}`);
      const v = env.register(node.index);
      return { value: node.width === 32 ? v & 0xffffffffn : v };
    }
    case 'pc':
      return { value: BigInt(env.pc) };
    case 'name': {
      const c = env.cVariable?.(node.name);
      const v = env.namedValue(node.name);
      if (c) {
        if (c.bytes || c.address !== undefined) return typed(c);
        // `ctx` stays usable after clang dropped the parameter's location.
        if (v === undefined) throw new ExpressionError(`'${node.name}' is ${c.missing ?? 'not available'} here`);
      }
      if (v === undefined)
        throw new ExpressionError(
          `unknown name '${node.name}' (${env.cVariable ? 'no C variable of that name is in scope here; ' : ''}registers are r0..r10; maps are indexed like ${node.name}[0])`,
        );
      return { value: U64(v) };
    }
    case 'member': {
      const c = env.cVariable?.(node.base);
      const v = env.namedValue(`${node.base}.${node.field}`);
      if (c && (v === undefined || resolveType(c.type).kind !== 'pointer')) {
        let m = c;
        for (const f of node.field.split('.')) m = memberOf(m, f);
        return typed(m);
      }
      if (v === undefined) throw new ExpressionError(`unknown field '${node.field}' of '${node.base}'`);
      return { value: U64(v) };
    }
    case 'unary': {
      const v = num(node.operand);
      if (node.op === '-') return { value: U64(-v) };
      if (node.op === '~') return { value: U64(~v) };
      return { value: v === 0n ? 1n : 0n };
    }
    case 'cast': {
      const inner = ev(node.operand);
      if (node.typeName) {
        const t = cTypeOf(env, node.typeName);
        const r = resolveType(t);
        if (r.kind === 'struct' || r.kind === 'union' || r.kind === 'array')
          throw new ExpressionError(`cannot cast to ${typeName(t)}: cast a pointer instead, e.g. *(${typeName(t)} *)p`);
        const size = sizeOfType(t) || 8;
        const c = fromScalar(t, BigInt.asUintN(size * 8, inner.value));
        return typed(c);
      }
      if (node.pointer) return { value: inner.value, pointee: { size: node.size, signed: node.signed } };
      const bits = node.size * 8;
      const v = node.signed ? U64(BigInt.asIntN(bits, inner.value)) : BigInt.asUintN(bits, inner.value);
      return { value: v };
    }
    case 'deref': {
      const p = ev(node.operand);
      if (p.c && resolveType(p.c.type).kind !== 'base' && resolveType(p.c.type).kind !== 'enum')
        return typed(derefOf(p.c, readBytes(env)));
      const size = p.pointee?.size ?? 8;
      return { value: readInt(env.readMemory(p.value, size), p.pointee?.signed ?? false) };
    }
    case 'index': {
      if (node.base.kind === 'name') {
        const keySize = env.mapKeySize(node.base.name);
        if (keySize !== undefined) {
          const key = keyBytes(node.base.name, node.index, keySize, ev);
          return { value: env.mapLookup(node.base.name, key), lookup: { map: node.base.name, key } };
        }
      }
      const base = ev(node.base);
      if (base.c && (resolveType(base.c.type).kind === 'pointer' || resolveType(base.c.type).kind === 'array'))
        return typed(derefOf(base.c, readBytes(env), S64(num(node.index))));
      const size = base.pointee?.size ?? 1;
      const address = U64(base.value + num(node.index) * BigInt(size));
      return { value: readInt(env.readMemory(address, size), base.pointee?.signed ?? false) };
    }
    case 'cond':
      return num(node.test) !== 0n ? ev(node.then) : ev(node.otherwise);
    case 'binary': {
      if (node.op === '&&') return { value: num(node.left) !== 0n && num(node.right) !== 0n ? 1n : 0n };
      if (node.op === '||') return { value: num(node.left) !== 0n || num(node.right) !== 0n ? 1n : 0n };
      const left = ev(node.left);
      const a = left.value;
      const b = num(node.right);
      const bool = (x: boolean): Value => ({ value: x ? 1n : 0n });
      switch (node.op) {
        case '+':
        case '-': {
          // C pointer arithmetic on typed pointers: scaled by the pointee's size.
          const lt = left.c ? resolveType(left.c.type) : undefined;
          if (lt?.kind === 'pointer' && left.c) {
            const scale = BigInt(Math.max(1, sizeOfType(lt.target)));
            const v = U64(node.op === '+' ? a + b * scale : a - b * scale);
            return typed(fromScalar(left.c.type, v));
          }
          return { value: U64(node.op === '+' ? a + b : a - b), ...(left.pointee && { pointee: left.pointee }) };
        }
        case '*':
          return { value: U64(a * b) };
        case '/':
          if (b === 0n) throw new ExpressionError('division by zero');
          return { value: a / b };
        case '%':
          if (b === 0n) throw new ExpressionError('division by zero');
          return { value: a % b };
        case '&':
          return { value: a & b };
        case '|':
          return { value: a | b };
        case '^':
          return { value: a ^ b };
        case '<<':
          return { value: U64(a << (b & 63n)) };
        case '>>':
          return { value: a >> (b & 63n) };
        // Comparisons are signed so that `r0 < 0` means what it says for error codes.
        case '==':
          return bool(a === b);
        case '!=':
          return bool(a !== b);
        case '<':
          return bool(S64(a) < S64(b));
        case '<=':
          return bool(S64(a) <= S64(b));
        case '>':
          return bool(S64(a) > S64(b));
        case '>=':
          return bool(S64(a) >= S64(b));
      }
      throw new ExpressionError(`operator '${node.op}' is not supported`);
    }
  }
}

/** Parse and evaluate in one go; errors are ExpressionError with a message for the user. */
export function evaluateExpression(text: string, env: ExpressionEnv): Value {
  const node = parseExpression(text, env.cType ? (name) => env.cType?.(name) !== undefined : undefined);
  try {
    return evaluate(node, env);
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    throw new ExpressionError(e instanceof Error ? e.message : String(e));
  }
}

/** `{expr}` parts of a logpoint message, evaluated; a failing part shows its error in place. */
export function interpolateLogMessage(
  message: string,
  env: ExpressionEnv,
  format: (v: bigint) => string = (v) => S64(v).toString(),
): string {
  return message.replace(/\{([^{}]+)\}/g, (_, expr: string) => {
    try {
      return format(evaluateExpression(expr, env).value);
    } catch (e) {
      return `<${(e as Error).message}>`;
    }
  });
}
