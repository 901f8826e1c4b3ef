// The small C-like expression language of conditional breakpoints, logpoints, watches and the
// debug console: registers (r0..r10, w0..w10 for the low 32 bits, fp = r10, pc), integer
// literals, the C operators (arithmetic, bitwise, shifts, comparisons, logical, unary - ~ !),
// casts `(u32)x`, memory reads `*(u32*)(r1+4)` / `*(u8*)r2` / `*r1` (8 bytes), indexing of a typed
// pointer `((u8*)r2)[3]`, map lookups `stats[0]` / `services["0a00006400500600"]` (a pointer to the
// value, 0 when absent, as bpf_map_lookup_elem), and named values `ctx.len` / `ctx->ingress_ifindex`.
// Arithmetic is on 64-bit values and pointer arithmetic counts bytes (no scaling by the type).

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
}

type Node =
  | { kind: 'num'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'reg'; index: number; width: 64 | 32 }
  | { kind: 'pc' }
  | { kind: 'name'; name: string }
  | { kind: 'member'; base: string; field: string }
  | { kind: 'unary'; op: string; operand: Node }
  | { kind: 'cast'; size: number; signed: boolean; pointer: boolean; operand: Node }
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
}

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
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|0b[01]+|\d+)[uUlL]*/.exec(text.slice(i));
    if (num) {
      out.push({ text: num[1], kind: 'num', at: i });
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
  constructor(private readonly tokens: Token[]) {}

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
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private take(): Token {
    return this.tokens[this.i++];
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
      if (t.kind !== 'op' || !BINARY_LEVELS[level].includes(t.text)) return left;
      this.take();
      left = { kind: 'binary', op: t.text, left, right: this.binary(level + 1) };
    }
  }

  /** `(type)` or `(type *)` at the cursor, without consuming it unless it is one. */
  private castAhead(): { size: number; signed: boolean; pointer: boolean; length: number } | undefined {
    if (this.peek().text !== '(' || this.peek().kind !== 'op') return undefined;
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
    const type = TYPES[base];
    if (!type) return undefined;
    const signed = core[0] === 'unsigned' ? false : type.signed;
    return { size: type.size, signed, pointer, length: j + 1 };
  }

  private unary(): Node {
    return this.nested(() => this.unaryAt());
  }

  private unaryAt(): Node {
    const t = this.peek();
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
      return { kind: 'cast', size: cast.size, signed: cast.signed, pointer: cast.pointer, operand: this.unary() };
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
        if (node.kind !== 'name')
          throw new ExpressionError(`'${t.text}${f.text}': fields can only be read from a named value such as ctx`);
        node = { kind: 'member', base: node.name, field: f.text };
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
      const dotted = t.text.split('.');
      if (dotted.length > 1) return { kind: 'member', base: dotted[0], field: dotted.slice(1).join('.') };
      const reg = /^([rw])(\d+)$/.exec(t.text);
      if (reg) return { kind: 'reg', index: Number(reg[2]), width: reg[1] === 'w' ? 32 : 64 };
      if (t.text === 'fp') return { kind: 'reg', index: 10, width: 64 };
      if (t.text === 'pc') return { kind: 'pc' };
      if (t.text === 'NULL') return { kind: 'num', value: 0n };
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

export function parseExpression(text: string): Node {
  if (text.trim() === '') throw new ExpressionError('empty expression');
  return new Parser(tokenize(text)).parse();
}

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const S64 = (v: bigint): bigint => BigInt.asIntN(64, v);

function readInt(bytes: Uint8Array, signed: boolean): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
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
  if (keySize > 8)
    throw new ExpressionError(
      `map '${map}' has ${keySize}-byte keys: give the key as a hex string, e.g. ${map}["${'00'.repeat(keySize)}"]`,
    );
  let v = evalNode(index).value;
  const out = new Uint8Array(keySize);
  for (let i = 0; i < keySize; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Evaluate to a 64-bit value (unsigned representation). */
export function evaluate(node: Node, env: ExpressionEnv): Value {
  const ev = (n: Node): Value => evaluate(n, env);
  const num = (n: Node): bigint => ev(n).value;
  switch (node.kind) {
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
      const v = env.namedValue(node.name);
      if (v === undefined)
        throw new ExpressionError(
          `unknown name '${node.name}' (registers are r0..r10; maps are indexed like ${node.name}[0])`,
        );
      return { value: U64(v) };
    }
    case 'member': {
      const v = env.namedValue(`${node.base}.${node.field}`);
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
      if (node.pointer) return { value: inner.value, pointee: { size: node.size, signed: node.signed } };
      const bits = node.size * 8;
      const v = node.signed ? U64(BigInt.asIntN(bits, inner.value)) : BigInt.asUintN(bits, inner.value);
      return { value: v };
    }
    case 'deref': {
      const p = ev(node.operand);
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
          return { value: U64(a + b), pointee: left.pointee };
        case '-':
          return { value: U64(a - b), pointee: left.pointee };
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
  const node = parseExpression(text);
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
