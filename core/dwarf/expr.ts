// DWARF expressions (DW_OP_*) as clang emits them for BPF: decoded into a list of operations,
// printed the way llvm-dwarfdump prints them, and evaluated against a machine state (registers,
// frame base, memory) into the pieces of a variable's value.

import { Cursor } from './cursor';
import { DwarfError } from './errors';
import type { Address } from './die';

export interface Op {
  readonly code: number;
  /** First operand (register number, constant, offset, size, index...). */
  readonly a?: bigint;
  /** Second operand (bregx offset). */
  readonly b?: bigint;
  /** DW_OP_implicit_value bytes, DW_OP_entry_value sub-expression. */
  readonly block?: Uint8Array;
  /** DW_OP_addr: the relocated address. */
  readonly address?: Address;
  /** DW_OP_convert: the base type converted to (undefined = the generic, address-sized type). */
  readonly baseType?: BaseType;
}

/** A DWARF base type as DW_OP_convert needs it: how many bytes, and whether it sign-extends. */
export interface BaseType {
  readonly size: number;
  readonly signed: boolean;
  /** DW_ATE_* name without the prefix (`unsigned`), as llvm-dwarfdump prints the conversion. */
  readonly encoding: string;
}

export const DW_OP = {
  addr: 0x03,
  deref: 0x06,
  const1u: 0x08,
  const1s: 0x09,
  const2u: 0x0a,
  const2s: 0x0b,
  const4u: 0x0c,
  const4s: 0x0d,
  const8u: 0x0e,
  const8s: 0x0f,
  constu: 0x10,
  consts: 0x11,
  dup: 0x12,
  drop: 0x13,
  over: 0x14,
  pick: 0x15,
  swap: 0x16,
  rot: 0x17,
  abs: 0x19,
  and: 0x1a,
  div: 0x1b,
  minus: 0x1c,
  mod: 0x1d,
  mul: 0x1e,
  neg: 0x1f,
  not: 0x20,
  or: 0x21,
  plus: 0x22,
  plus_uconst: 0x23,
  shl: 0x24,
  shr: 0x25,
  shra: 0x26,
  xor: 0x27,
  eq: 0x29,
  ge: 0x2a,
  gt: 0x2b,
  le: 0x2c,
  lt: 0x2d,
  ne: 0x2e,
  lit0: 0x30,
  reg0: 0x50,
  breg0: 0x70,
  regx: 0x90,
  fbreg: 0x91,
  bregx: 0x92,
  piece: 0x93,
  deref_size: 0x94,
  nop: 0x96,
  call_frame_cfa: 0x9c,
  implicit_value: 0x9e,
  stack_value: 0x9f,
  addrx: 0xa1,
  constx: 0xa2,
  entry_value: 0xa3,
  convert: 0xa8,
  reinterpret: 0xa9,
  GNU_entry_value: 0xf3,
  GNU_convert: 0xf7,
  GNU_reinterpret: 0xf9,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(DW_OP).map(([k, v]) => [v, `DW_OP_${k}`]));

function opName(code: number): string {
  if (code >= 0x30 && code <= 0x4f) return `DW_OP_lit${code - 0x30}`;
  if (code >= 0x50 && code <= 0x6f) return `DW_OP_reg${code - 0x50}`;
  if (code >= 0x70 && code <= 0x8f) return `DW_OP_breg${code - 0x70}`;
  return NAMES[code] ?? `DW_OP_unknown_0x${code.toString(16)}`;
}

/**
 * Decodes an expression. `addressAt(offsetInBlock)` resolves a relocated DW_OP_addr operand;
 * `baseTypeAt(unitOffset)` the base type DIE a DW_OP_convert names (clang emits conversions when
 * a variable lives in a narrower or wider register than its type).
 */
export function decodeExpression(
  bytes: Uint8Array,
  addressSize: number,
  addressAt: (offsetInBlock: number, value: number) => Address,
  baseTypeAt: (unitOffset: number) => BaseType | undefined = () => undefined,
): Op[] {
  const c = Cursor.over(bytes, 'a DWARF expression');
  const ops: Op[] = [];
  while (!c.atEnd) {
    const code = c.u8('opcode');
    if (code >= 0x30 && code <= 0x6f) {
      ops.push({ code });
      continue;
    }
    if (code >= 0x70 && code <= 0x8f) {
      ops.push({ code, a: c.slebBig('breg offset') });
      continue;
    }
    switch (code) {
      case DW_OP.addr: {
        const at = c.pos;
        const value = addressSize === 8 ? c.u64n('DW_OP_addr') : c.u32('DW_OP_addr');
        ops.push({ code, a: BigInt(value), address: addressAt(at, value) });
        break;
      }
      case DW_OP.const1u:
        ops.push({ code, a: BigInt(c.u8('const1u')) });
        break;
      case DW_OP.const1s:
        ops.push({ code, a: BigInt((c.u8('const1s') << 24) >> 24) });
        break;
      case DW_OP.const2u:
        ops.push({ code, a: BigInt(c.u16('const2u')) });
        break;
      case DW_OP.const2s:
        ops.push({ code, a: BigInt((c.u16('const2s') << 16) >> 16) });
        break;
      case DW_OP.const4u:
        ops.push({ code, a: BigInt(c.u32('const4u')) });
        break;
      case DW_OP.const4s:
        ops.push({ code, a: BigInt(c.u32('const4s') | 0) });
        break;
      case DW_OP.const8u:
        ops.push({ code, a: c.u64('const8u') });
        break;
      case DW_OP.const8s:
        ops.push({ code, a: BigInt.asIntN(64, c.u64('const8s')) });
        break;
      case DW_OP.constu:
      case DW_OP.plus_uconst:
      case DW_OP.regx:
      case DW_OP.piece:
      case DW_OP.addrx:
      case DW_OP.constx:
        ops.push({ code, a: c.ulebBig(opName(code)) });
        break;
      case DW_OP.consts:
      case DW_OP.fbreg:
        ops.push({ code, a: c.slebBig(opName(code)) });
        break;
      case DW_OP.bregx:
        ops.push({ code, a: c.ulebBig('bregx register'), b: c.slebBig('bregx offset') });
        break;
      case DW_OP.pick:
      case DW_OP.deref_size:
        ops.push({ code, a: BigInt(c.u8(opName(code))) });
        break;
      case DW_OP.convert:
      case DW_OP.GNU_convert:
      case DW_OP.reinterpret:
      case DW_OP.GNU_reinterpret: {
        const at = c.uleb(opName(code));
        // Offset 0 names the generic type; any other must be a base type of this unit.
        const baseType = at === 0 ? undefined : baseTypeAt(at);
        if (at !== 0 && baseType === undefined)
          throw new DwarfError(`${opName(code)} names no base type at unit offset 0x${at.toString(16)}`);
        ops.push({ code, a: BigInt(at), ...(baseType ? { baseType } : {}) });
        break;
      }
      case DW_OP.implicit_value:
      case DW_OP.entry_value:
      case DW_OP.GNU_entry_value: {
        const n = c.uleb(opName(code));
        ops.push({ code, a: BigInt(n), block: c.bytes(n, opName(code)) });
        break;
      }
      case DW_OP.deref:
      case DW_OP.dup:
      case DW_OP.drop:
      case DW_OP.over:
      case DW_OP.swap:
      case DW_OP.rot:
      case DW_OP.abs:
      case DW_OP.and:
      case DW_OP.div:
      case DW_OP.minus:
      case DW_OP.mod:
      case DW_OP.mul:
      case DW_OP.neg:
      case DW_OP.not:
      case DW_OP.or:
      case DW_OP.plus:
      case DW_OP.shl:
      case DW_OP.shr:
      case DW_OP.shra:
      case DW_OP.xor:
      case DW_OP.eq:
      case DW_OP.ge:
      case DW_OP.gt:
      case DW_OP.le:
      case DW_OP.lt:
      case DW_OP.ne:
      case DW_OP.nop:
      case DW_OP.call_frame_cfa:
      case DW_OP.stack_value:
        ops.push({ code });
        break;
      default:
        throw new DwarfError(`unsupported DWARF expression operation 0x${code.toString(16)} at ${c.pos - 1}`);
    }
  }
  return ops;
}

/** An operand the decoder always sets for `op.code`; an Op built without it is malformed. */
function operand(op: Op, which: 'a' | 'b'): bigint {
  const v = op[which];
  if (v === undefined) throw new DwarfError(`${opName(op.code)} is missing its operand`);
  return v;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const signed = (v: bigint): string => (v < 0n ? `${v}` : `+${v}`);

/** The expression as llvm-dwarfdump prints it (`DW_OP_breg10 W10+48, DW_OP_piece 0x4`). */
export function formatExpression(ops: readonly Op[]): string {
  return ops
    .map((op) => {
      const name = opName(op.code);
      if (op.code >= 0x30 && op.code <= 0x4f) return name;
      if (op.code >= 0x50 && op.code <= 0x6f) return `${name} W${op.code - 0x50}`;
      if (op.code >= 0x70 && op.code <= 0x8f) return `${name} W${op.code - 0x70}${signed(operand(op, 'a'))}`;
      switch (op.code) {
        case DW_OP.consts:
        case DW_OP.fbreg:
        case DW_OP.const1s:
        case DW_OP.const2s:
        case DW_OP.const4s:
        case DW_OP.const8s:
          return `${name} ${signed(operand(op, 'a'))}`;
        case DW_OP.regx:
          return `${name} W${op.a}`;
        case DW_OP.bregx:
          return `${name} W${op.a}${signed(operand(op, 'b'))}`;
        case DW_OP.addr:
          return `${name} 0x${operand(op, 'a').toString(16).padStart(16, '0')}`;
        case DW_OP.convert:
        case DW_OP.reinterpret:
        case DW_OP.GNU_convert:
        case DW_OP.GNU_reinterpret: {
          const to = op.baseType;
          const at = `0x${operand(op, 'a').toString(16).padStart(8, '0')}`;
          return to ? `${name} (${at}) "DW_ATE_${to.encoding}_${to.size * 8}"` : `${name} (${at})`;
        }
        default:
          return op.a === undefined ? name : `${name} ${hex(op.a)}`;
      }
    })
    .join(', ');
}

/** Where one piece of a value lives. */
export type PieceLocation =
  | { readonly kind: 'memory'; readonly address: bigint }
  | { readonly kind: 'register'; readonly register: number }
  | { readonly kind: 'value'; readonly value: bigint }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** An empty piece: that part of the variable is optimized out. */
  | { readonly kind: 'optimized-out' };

export interface Piece {
  readonly location: PieceLocation;
  /** Bytes covered; undefined = the whole variable (an expression without DW_OP_piece). */
  readonly size: number | undefined;
}

export interface MachineState {
  /** A register's 64-bit value, or undefined when unknown (a caller frame's scratch register). */
  register(n: number): bigint | undefined;
  /** DW_AT_frame_base of the function (BPF: r10). */
  frameBase(): bigint | undefined;
  /** Reads `size` little-endian bytes; undefined when unreadable. */
  readMemory(address: bigint, size: number): bigint | undefined;
  /** The run-time value of a relocated address (a global), or undefined. */
  address(address: Address): bigint | undefined;
  /** .debug_addr entry `index`, for DW_OP_addrx/constx. */
  addrx(index: number): Address | undefined;
}

const MAX_STACK = 64;

/** Evaluates a location expression into pieces. Throws DwarfError naming what it cannot do. */
export function evaluateLocation(ops: readonly Op[], m: MachineState): Piece[] {
  const pieces: Piece[] = [];
  let stack: bigint[] = [];
  let pending: PieceLocation | undefined;
  const pop = (): bigint => {
    const v = stack.pop();
    if (v === undefined) throw new DwarfError('DWARF expression pops an empty stack');
    return v;
  };
  const push = (v: bigint): void => {
    if (stack.length >= MAX_STACK) throw new DwarfError('DWARF expression stack overflow');
    stack.push(BigInt.asUintN(64, v));
  };
  const reg = (n: number): bigint => {
    const v = m.register(n);
    if (v === undefined) throw new DwarfError(`r${n} is not known in this frame`);
    return v;
  };
  const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
  for (const op of ops) {
    const c = op.code;
    if (c >= 0x30 && c <= 0x4f) push(BigInt(c - 0x30));
    else if (c >= 0x50 && c <= 0x6f) pending = { kind: 'register', register: c - 0x50 };
    else if (c >= 0x70 && c <= 0x8f) push(reg(c - 0x70) + operand(op, 'a'));
    else
      switch (c) {
        case DW_OP.regx:
          pending = { kind: 'register', register: Number(op.a) };
          break;
        case DW_OP.bregx:
          push(reg(Number(op.a)) + operand(op, 'b'));
          break;
        case DW_OP.fbreg: {
          const fb = m.frameBase();
          if (fb === undefined) throw new DwarfError('the frame base is not known');
          push(fb + operand(op, 'a'));
          break;
        }
        case DW_OP.addr: {
          if (op.address === undefined) throw new DwarfError('DW_OP_addr is missing its address');
          const v = m.address(op.address);
          if (v === undefined) throw new DwarfError('the address of a global is not known');
          push(v);
          break;
        }
        case DW_OP.addrx:
        case DW_OP.constx: {
          const a = m.addrx(Number(op.a));
          const v = a && (c === DW_OP.constx ? BigInt(a.offset) : m.address(a));
          if (v === undefined) throw new DwarfError(`.debug_addr entry ${op.a} is not known`);
          push(v);
          break;
        }
        case DW_OP.const1u:
        case DW_OP.const1s:
        case DW_OP.const2u:
        case DW_OP.const2s:
        case DW_OP.const4u:
        case DW_OP.const4s:
        case DW_OP.const8u:
        case DW_OP.const8s:
        case DW_OP.constu:
        case DW_OP.consts:
          push(operand(op, 'a'));
          break;
        case DW_OP.plus_uconst:
          push(pop() + operand(op, 'a'));
          break;
        case DW_OP.dup: {
          const v = pop();
          push(v);
          push(v);
          break;
        }
        case DW_OP.drop:
          pop();
          break;
        case DW_OP.over: {
          const second = stack[stack.length - 2];
          if (second === undefined) throw new DwarfError('DW_OP_over needs two values');
          push(second);
          break;
        }
        case DW_OP.pick: {
          const picked = stack[stack.length - 1 - Number(op.a)];
          if (picked === undefined) throw new DwarfError('DW_OP_pick beyond the stack');
          push(picked);
          break;
        }
        case DW_OP.swap: {
          const a = pop();
          const b = pop();
          push(a);
          push(b);
          break;
        }
        case DW_OP.rot: {
          const a = pop();
          const b = pop();
          const d = pop();
          push(a);
          push(d);
          push(b);
          break;
        }
        case DW_OP.deref:
        case DW_OP.deref_size: {
          const size = c === DW_OP.deref ? 8 : Number(op.a);
          const address = pop();
          const v = m.readMemory(address, size);
          if (v === undefined) throw new DwarfError(`cannot read ${size} bytes at 0x${address.toString(16)}`);
          push(v);
          break;
        }
        case DW_OP.abs: {
          const v = s64(pop());
          push(v < 0n ? -v : v);
          break;
        }
        case DW_OP.neg:
          push(-pop());
          break;
        case DW_OP.not:
          push(~pop());
          break;
        case DW_OP.and:
        case DW_OP.div:
        case DW_OP.minus:
        case DW_OP.mod:
        case DW_OP.mul:
        case DW_OP.or:
        case DW_OP.plus:
        case DW_OP.shl:
        case DW_OP.shr:
        case DW_OP.shra:
        case DW_OP.xor:
        case DW_OP.eq:
        case DW_OP.ge:
        case DW_OP.gt:
        case DW_OP.le:
        case DW_OP.lt:
        case DW_OP.ne: {
          const b = pop();
          const a = pop();
          push(binary(c, a, b));
          break;
        }
        case DW_OP.nop:
          break;
        case DW_OP.convert:
        case DW_OP.GNU_convert:
          push(convert(pop(), op.baseType));
          break;
        case DW_OP.reinterpret:
        case DW_OP.GNU_reinterpret:
          // Integer base types only on BPF: the bits stay, only the type changes.
          break;
        case DW_OP.stack_value:
          pending = { kind: 'value', value: pop() };
          break;
        case DW_OP.implicit_value:
          if (op.block === undefined) throw new DwarfError('DW_OP_implicit_value is missing its bytes');
          pending = { kind: 'bytes', bytes: op.block };
          break;
        case DW_OP.piece: {
          const location: PieceLocation =
            pending ?? (stack.length > 0 ? { kind: 'memory', address: pop() } : { kind: 'optimized-out' });
          pieces.push({ location, size: Number(op.a) });
          pending = undefined;
          stack = [];
          break;
        }
        default:
          throw new DwarfError(`${opName(c)} is not supported in a location`);
      }
  }
  if (pieces.length > 0) return pieces;
  if (pending) return [{ location: pending, size: undefined }];
  const top = stack[stack.length - 1];
  if (top !== undefined) return [{ location: { kind: 'memory', address: top }, size: undefined }];
  return [{ location: { kind: 'optimized-out' }, size: undefined }];
}

/** DW_OP_convert to an integer base type: keep its width, then extend by its signedness. */
function convert(v: bigint, to: BaseType | undefined): bigint {
  if (to === undefined || to.size >= 8) return v;
  const bits = to.size * 8;
  return BigInt.asUintN(64, to.signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v));
}

function binary(c: number, a: bigint, b: bigint): bigint {
  const sa = BigInt.asIntN(64, a);
  const sb = BigInt.asIntN(64, b);
  switch (c) {
    case DW_OP.and:
      return a & b;
    case DW_OP.or:
      return a | b;
    case DW_OP.xor:
      return a ^ b;
    case DW_OP.plus:
      return a + b;
    case DW_OP.minus:
      return a - b;
    case DW_OP.mul:
      return a * b;
    case DW_OP.div:
      if (sb === 0n) throw new DwarfError('DWARF expression divides by zero');
      return sa / sb;
    case DW_OP.mod:
      if (b === 0n) throw new DwarfError('DWARF expression divides by zero');
      return a % b;
    case DW_OP.shl:
      return b >= 64n ? 0n : a << b;
    case DW_OP.shr:
      return b >= 64n ? 0n : a >> b;
    case DW_OP.shra:
      return sa >> (b >= 64n ? 63n : b);
    case DW_OP.eq:
      return sa === sb ? 1n : 0n;
    case DW_OP.ne:
      return sa !== sb ? 1n : 0n;
    case DW_OP.ge:
      return sa >= sb ? 1n : 0n;
    case DW_OP.gt:
      return sa > sb ? 1n : 0n;
    case DW_OP.le:
      return sa <= sb ? 1n : 0n;
    default:
      return sa < sb ? 1n : 0n;
  }
}
