// Transfer functions and the assertions checked before each instruction. A failed assertion
// throws a Failure; the caller turns it into a diagnostic (when reporting) and treats the
// path as dead from there (bottom), so one root cause yields one error, not a cascade.

import { mapProgIncompatibility } from './mapProgCompat';
import { constStrProblem } from './constStr';
import { progAccessForbidden } from './mapProgAccess';
import { llvmFrameSize } from '../dwarf/frame';
import {
  accessExpression,
  accessVariable,
  globalExpression,
  stackExpression,
  variableInRegister,
} from '../dwarf/names';
import { AluOp, InsnClass, JmpOp, MemMode, MemSize, type Instruction } from '../isa/instruction';
import { BtfKind } from '../btf/types';
import type { ContextField, HelperArgKind, HelperPrototype, PlatformProfile, ProgramType } from '../platform/types';
import type { MapDefinition, Program } from '../program/types';
import type { DiagnosticCode, Severity } from './types';
import type { Edge, Node } from './cfg';
import { isConditional, isExit, isLocalCall, jumpOp, type ControlFlow } from './cfg';
import {
  NEGATE,
  NUM_TOP,
  type AluKind,
  type CmpKind,
  type Num,
  SWAP,
  aluNum,
  bswapNum,
  constNum,
  fromUnsigned,
  isConst,
  low32,
  numMeet,
  refine32,
  refine64,
  sext,
  truncNum,
  zext32,
  U32MAX,
  S64MIN,
} from './num';
import { FRAME_SIZE, State, TOTAL_STACK } from './state';
import { known } from './known';
import { effectiveRoom } from './room';
import type { GlobalFunction } from './globals';
import {
  callbackReturnProblem,
  forgetCallbackWrites,
  keyWriteProblem,
  type CallbackEntry,
  type CallbackSites,
} from './callbacks';
import { dynptrArgProblem, dynptrDataResult } from './dynptr';
import { btfFieldRead, contextStruct } from './btfFields';
import { helperUnavailableMessage } from './helperAvailability';
import {
  MAP_TYPES,
  MEM_TYPES,
  NUMBER_TOP,
  POINTER_TYPES,
  T,
  UNINIT,
  type Iv,
  type MemPtr,
  type PacketPtr,
  type Value,
  constValue,
  iv,
  ivAdd,
  ivFromNum,
  ivToString,
  payload,
  joinValue,
  mayBe,
  numberValue,
  restrict,
  typeSetName,
} from './value';

export interface FailureInit {
  code: DiagnosticCode;
  message: string;
  condition: string;
  /** Registers whose values explain the finding (for the state summary). */
  regs?: number[];
  /** Stack offsets (absolute) that matter. */
  stack?: number[];
  related?: { pc: number; message: string }[];
  severity?: Severity;
  /** Windows-only rejection: the Linux kernel accepts this for a privileged loader. */
  kernelAccepts?: boolean;
}

/** A failed assertion. */
export class Failure {
  constructor(
    readonly pc: number,
    readonly init: FailureInit,
  ) {}
}

export interface Finding {
  readonly pc: number;
  readonly init: FailureInit;
  readonly state: State;
}

const CMP: Record<number, CmpKind> = {
  [JmpOp.JEQ]: 'eq',
  [JmpOp.JNE]: 'ne',
  [JmpOp.JGT]: 'gt',
  [JmpOp.JGE]: 'ge',
  [JmpOp.JSET]: 'set',
  [JmpOp.JSGT]: 'sgt',
  [JmpOp.JSGE]: 'sge',
  [JmpOp.JLT]: 'lt',
  [JmpOp.JLE]: 'le',
  [JmpOp.JSLT]: 'slt',
  [JmpOp.JSLE]: 'sle',
};

const ALU: Record<number, AluKind> = {
  [AluOp.ADD]: 'add',
  [AluOp.SUB]: 'sub',
  [AluOp.MUL]: 'mul',
  [AluOp.DIV]: 'div',
  [AluOp.OR]: 'or',
  [AluOp.AND]: 'and',
  [AluOp.LSH]: 'lsh',
  [AluOp.RSH]: 'rsh',
  [AluOp.MOD]: 'mod',
  [AluOp.XOR]: 'xor',
  [AluOp.ARSH]: 'arsh',
};

/** Bytes a load or store of this opcode accesses (its size field). */
function widthOf(opcode: number): 1 | 2 | 4 | 8 {
  switch (opcode & 0x18) {
    case MemSize.W:
      return 4;
    case MemSize.H:
      return 2;
    case MemSize.B:
      return 1;
    default:
      return 8;
  }
}

/** Helpers that move or resize packet data: every packet pointer is stale after them. */
const PACKET_CHANGING =
  /adjust_(head|tail|meta|room)|skb_(pull_data|change_|store_bytes|vlan_|adjust)|csum_replace|lwt_(push|seg6)|clone_redirect|msg_(pull|push|pop)_data/;

function offText(o: number): string {
  return o === 0 ? '' : o > 0 ? `+${o}` : `${o}`;
}

export function validAccess(
  reg: number,
  o: number,
  width: number | string,
  mode: 'read' | 'write' | 'comparison',
): string {
  return `valid_access(r${reg}.offset${offText(o)}, width=${width}) for ${mode}`;
}

function fpText(rel: number): string {
  return rel < 0 ? `fp${rel}` : `fp+${rel}`;
}

/** Everything the transfer functions need to know about the program and platform. */
export class Semantics {
  readonly platform: PlatformProfile;
  readonly programType: ProgramType | undefined;
  readonly linux: boolean;
  /**
   * Linux and a privileged loader (the kernel's allow_ptr_leaks): what the kernel allows root only
   * (pointer leaks, truncated pointers, 32-bit pointer subtraction) is a warning, not an error.
   */
  readonly rootLinux: boolean;
  /** Warnings are only collected during the final reporting pass. */
  warnings: Finding[] | undefined;

  /** Linux global functions, called as summaries. */
  globals = new Map<number, GlobalFunction>();
  /** When analysing a global function on its own: that function. */
  entryGlobal: GlobalFunction | undefined;
  /** HOOK(callbacks): when analysing a helper's callback on its own: how the helper calls it. */
  entryCallback: CallbackEntry | undefined;
  /** HOOK(callbacks): where the final pass notes the callbacks passed to helpers (Linux). */
  callbackSites: CallbackSites | undefined;

  constructor(
    readonly program: Program,
    readonly cfg: ControlFlow,
    privileged = true,
  ) {
    this.platform = program.platform;
    this.programType = program.programType;
    this.linux = program.platform.id === 'linux';
    this.rootLinux = this.linux && privileged;
  }

  // ---- entry ----

  entryRegs(): Value[] {
    const regs: Value[] = new Array<Value>(11).fill(UNINIT);
    regs[10] = { t: T.stack, stack: iv(TOTAL_STACK) };
    const g = this.entryGlobal;
    if (g) {
      g.params.slice(0, 5).forEach((p, i) => {
        const r = i + 1;
        if (p.kind === 'ctx') regs[r] = { t: T.ctx, ctx: iv(0) };
        else if (p.kind === 'mem')
          regs[r] = {
            t: T.alloc,
            alloc: { maps: [], off: iv(0), size: p.size, nullable: true, nullId: -100 - r, origin: -1, param: p.name },
          };
        else regs[r] = NUMBER_TOP;
      });
      return regs;
    }
    regs[1] = { t: T.ctx, ctx: iv(0) };
    regs[10] = { t: T.stack, stack: iv(TOTAL_STACK) };
    return regs;
  }

  // ---- helpers for failing ----

  private warn(pc: number, s: State, init: FailureInit): void {
    if (this.warnings)
      this.warnings.push({ pc, init: { ...init, severity: init.severity ?? 'warning' }, state: s.clone() });
  }

  mapName(i: number): string {
    return this.program.maps[i]?.name ?? `map#${i}`;
  }

  private helperName(pc: number): string {
    const idx = this.program.indexOfPc(pc);
    const insn = idx >= 0 ? this.program.instructions[idx] : undefined;
    if (!insn) return 'the helper';
    if (insn.src === 2) return this.btfFunctionName(insn.imm) ?? `the function with BTF id ${insn.imm}`;
    return this.platform.helper(insn.imm, this.programType)?.name ?? `helper ${insn.imm}`;
  }

  /**
   * `` `counters[2]` in `.bss` ``: the global variable DWARF places at [lo, hi] of a global-data map
   * (the whole variable when the offset varies), else undefined.
   */
  private globalName(maps: readonly number[], lo: number, hi: number): string | undefined {
    const [only] = maps;
    const map = maps.length === 1 && only !== undefined ? this.program.maps[only] : undefined;
    if (map?.origin !== 'global-data' || !map.section || !Number.isFinite(lo)) return undefined;
    const dwarf = this.program.dwarf; // parsed on first use: only for global data
    if (!dwarf) return undefined;
    const name = globalExpression(dwarf, map.section, lo);
    if (!name) return undefined;
    return `\`${lo === hi ? name : (/^\w+/.exec(name)?.[0] ?? name)}\` in \`${map.name}\``;
  }

  private btfFunctionName(id: number): string | undefined {
    const btf = this.program.btf;
    const type = btf && id > 0 && id < btf.types.length ? btf.type(id) : undefined;
    return type?.kind === BtfKind.FUNC ? type.name : undefined;
  }

  /** ` (\`key.pad\`)` for a stack byte (offset from r10) that DWARF names at pc, else ''. */
  private stackName(pc: number, fpOffset: number): string {
    const c = stackExpression(this.program.debugFramesAt(pc), fpOffset, llvmFrameSize(this.program, pc));
    return c ? ` (\`${c}\`)` : '';
  }

  /**
   * The C variable a NULL-able pointer is: the one DWARF places in the register at `pc`, else
   * the one assigned on its origin's line (source text).
   */
  variableFor(origin: number, reg: number, pc = -1): string {
    const fromDwarf = pc >= 0 ? variableInRegister(this.program.debugFramesAt(pc), reg) : undefined;
    if (fromDwarf) return fromDwarf;
    const text = origin >= 0 ? this.program.sourceAt(origin)?.text : undefined;
    if (text) {
      const [, name] = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*=\s*(?:\([^()]*\)\s*)?(?:bpf_\w+|\w+)\s*\(/.exec(text) ?? [];
      if (name) return name;
    }
    return `r${reg}`;
  }

  // ---- register checks ----

  private readReg(s: State, pc: number, r: number, what = 'used'): Value {
    const v = s.regs[r];
    if (v === undefined)
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message: `r${r} is not a register: eBPF has r0-r10`,
        condition: `r${r} in r0..r10`,
      });
    if (v.t & T.uninit) {
      const never = v.t === T.uninit;
      throw new Failure(pc, {
        code: 'uninitialized-register',
        message: never
          ? `r${r} is ${what} before anything was assigned to it${r >= 1 && r <= 5 ? ' (r1-r5 are cleared by every call)' : ''}`
          : `r${r} is ${what} but it is not initialised on every path that reaches here${r >= 1 && r <= 5 ? ' (r1-r5 are cleared by every call)' : ''}`,
        condition: `r${r}.type != uninit`,
        regs: [r],
      });
    }
    return v;
  }

  private requireNumber(
    s: State,
    pc: number,
    r: number,
    why: string,
    code: DiagnosticCode = 'invalid-pointer-arithmetic',
  ): Num {
    const v = this.readReg(s, pc, r);
    if (v.t !== T.number) {
      throw new Failure(pc, {
        code,
        message: `r${r} holds ${describeType(v)} where a number is required: ${why}`,
        condition: `r${r}.type == number`,
        regs: [r],
      });
    }
    return payload(v, 'num');
  }

  // ---- instructions ----

  /** Execute one block's instructions (all but the edge effects). Throws Failure. */
  execBlock(node: Node, s: State): State {
    const insns = this.program.instructions;
    for (let i = node.block.first; i <= node.block.last; i++) {
      const insn = known(insns, i, 'instruction');
      this.exec(insn, s, node);
      if (i === node.block.last) {
        // Structural problems (a jump out of the function, falling off its end) surface here.
        const issue = this.cfg.issueAt(node.callStack, insn.pc);
        if (issue) throw new Failure(insn.pc, { code: issue.code, message: issue.message, condition: issue.condition });
      }
    }
    return s;
  }

  private exec(insn: Instruction, s: State, node: Node): void {
    const cls = insn.opcode & 7;
    switch (cls) {
      case InsnClass.ALU:
      case InsnClass.ALU64:
        this.alu(insn, s);
        return;
      case InsnClass.LD:
        this.ld(insn, s);
        return;
      case InsnClass.LDX:
        this.ldx(insn, s);
        return;
      case InsnClass.ST:
      case InsnClass.STX:
        this.store(insn, s);
        return;
      case InsnClass.JMP:
      case InsnClass.JMP32:
        this.jmp(insn, s, node);
        return;
    }
  }

  private noR10(insn: Instruction, r: number): void {
    if (r === 10) {
      throw new Failure(insn.pc, {
        code: 'invalid-instruction',
        message: 'r10 (the frame pointer) is read-only; copy it to another register first',
        condition: 'r10 is read-only',
      });
    }
  }

  private alu(insn: Instruction, s: State): void {
    const is64 = (insn.opcode & 7) === InsnClass.ALU64;
    const w = is64 ? 64 : 32;
    const op = insn.opcode & 0xf0;
    const fromReg = (insn.opcode & 0x08) !== 0;
    const d = insn.dst;
    const pc = insn.pc;
    this.noR10(insn, d);
    const immNum = (): Num => (is64 ? constNum(BigInt(insn.imm)) : constNum(BigInt(insn.imm >>> 0)));
    if (op === AluOp.MOV) {
      if (!fromReg) {
        s.regs[d] = numberValue(immNum());
        return;
      }
      const src = this.readReg(s, pc, insn.src);
      if (insn.offset !== 0) {
        const n = this.requireNumber(s, pc, insn.src, 'sign extension works on numbers only');
        const ext = sext(n, insn.offset as 8 | 16 | 32);
        s.regs[d] = numberValue(is64 ? ext : zext32(ext));
        return;
      }
      if (is64) {
        if (src.t === T.number && d !== insn.src) {
          // Copies share an id so that a later branch on one refines the other.
          const id = src.id ?? this.freshId(s, pc);
          const copy: Value = {
            t: T.number,
            num: payload(src, 'num'),
            id,
            ...(src.tillEnd ? { tillEnd: src.tillEnd } : {}),
          };
          s.regs[insn.src] = copy;
          s.regs[d] = copy;
        } else if (src.t === T.packet && d !== insn.src && this.joinedOffset(payload(src, 'packet'))) {
          // A copy of a packet pointer whose offset was joined from several paths: both become one
          // new base, so a check of `copy + k` against data_end proves room for the original too.
          const based = this.rebasePacket(s, pc, src);
          s.regs[insn.src] = based;
          s.regs[d] = based;
        } else {
          s.regs[d] = src;
        }
        return;
      }
      if (src.t !== T.number) {
        if (!this.rootLinux) {
          throw new Failure(pc, {
            code: 'invalid-pointer-arithmetic',
            message: `a 32-bit copy of r${insn.src}, which holds ${describeType(src)}, would truncate a pointer${this.linux ? ' (the kernel allows it for privileged loaders only)' : ''}`,
            kernelAccepts: true,
            condition: `r${insn.src}.type == number`,
            regs: [insn.src],
          });
        }
        s.regs[d] = numberValue(fromUnsigned(0n, U32MAX));
        return;
      }
      s.regs[d] = numberValue(zext32(payload(src, 'num')));
      return;
    }
    if (op === AluOp.NEG) {
      const n = this.requireNumber(s, pc, d, 'negation works on numbers only');
      s.regs[d] = numberValue(aluNum('sub', constNum(0n), n, w));
      return;
    }
    if (op === AluOp.END) {
      const n = this.requireNumber(s, pc, d, 'byte swaps work on numbers only');
      const bits = insn.imm as 16 | 32 | 64;
      const swap = is64 || fromReg; // 0xdc (be) and 0xd7 (bswap) swap on a little-endian machine
      s.regs[d] = numberValue(swap ? bswapNum(n, bits) : truncNum(n, bits));
      return;
    }
    let kind = ALU[op];
    if (!kind)
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message: `unknown ALU operation 0x${insn.opcode.toString(16)}`,
        condition: 'valid instruction',
      });
    if ((op === AluOp.DIV || op === AluOp.MOD) && insn.offset === 1) kind = op === AluOp.DIV ? 'sdiv' : 'smod';
    const dv = this.readReg(s, pc, d);
    const sv: Value = fromReg ? this.readReg(s, pc, insn.src) : numberValue(immNum());
    if (kind === 'add' || kind === 'sub') {
      s.regs[d] = this.addSub(kind, dv, sv, d, fromReg ? insn.src : -1, w, s, pc);
      return;
    }
    const a = this.requireNumber(s, pc, d, `only addition and subtraction may involve pointers`);
    const b = fromReg
      ? this.requireNumber(s, pc, insn.src, `only addition and subtraction may involve pointers`)
      : payload(sv, 'num');
    if ((kind === 'div' || kind === 'mod' || kind === 'sdiv' || kind === 'smod') && fromReg) {
      const bw = w === 32 ? low32(b) : b;
      if (bw.umin === 0n && !this.platform.allowsDivisionByZero) {
        throw new Failure(pc, {
          code: 'division-by-zero',
          message: `r${insn.src} may be zero here; dividing by zero is not allowed on ${this.platform.displayName}`,
          condition: `r${insn.src} != 0`,
          regs: [insn.src],
        });
      }
    }
    s.regs[d] = numberValue(aluNum(kind, a, b, w));
  }

  private freshId(s: State, pc: number): number {
    // The id is the pc of the copy; older values carrying it (a previous loop iteration) lose it.
    s.mapValues((v) => {
      if (v.id !== pc) return v;
      const { id: _stale, ...rest } = v;
      return rest;
    });
    return pc;
  }

  private addSub(
    kind: 'add' | 'sub',
    dv: Value,
    sv: Value,
    d: number,
    sr: number,
    w: 32 | 64,
    s: State,
    pc: number,
  ): Value {
    const dPtr = (dv.t & ~T.number) !== 0;
    const sPtr = (sv.t & ~T.number) !== 0;
    if (!dPtr && !sPtr) return numberValue(aluNum(kind, payload(dv, 'num'), payload(sv, 'num'), w));
    // The kernel lets a privileged loader subtract in 32 bits with a pointer: the result is any
    // number (adjust_ptr_min_max_vals); every other 32-bit operation on a pointer is refused.
    if (w === 32 && kind === 'sub' && this.rootLinux) return numberValue(fromUnsigned(0n, U32MAX));
    if (w === 32) {
      throw new Failure(pc, {
        code: 'invalid-pointer-arithmetic',
        message: `32-bit arithmetic on a pointer (r${dPtr ? d : sr} holds ${describeType(dPtr ? dv : sv)}) is not allowed; use 64-bit operations`,
        condition: `r${dPtr ? d : sr}.type == number`,
        regs: [d, ...(sr >= 0 ? [sr] : [])],
      });
    }
    if (kind === 'sub' && dPtr && sPtr) return this.pointerDifference(s, dv, sv, d, sr, pc);
    if (dPtr && sPtr) {
      throw new Failure(pc, {
        code: 'invalid-pointer-arithmetic',
        message: `r${d} and r${sr} are both pointers; only numbers can be added to pointers`,
        condition: `r${sr}.type in {ctx, stack, packet, shared} -> r${d}.type == number`,
        regs: [d, sr],
      });
    }
    if (kind === 'sub' && sPtr) {
      throw new Failure(pc, {
        code: 'invalid-pointer-arithmetic',
        message: `a pointer (r${sr}) cannot be subtracted from a number (r${d})`,
        condition: `r${d}.type == number -> r${sr}.type == number`,
        regs: [d, sr],
      });
    }
    const ptr = dPtr ? dv : sv;
    let n = dPtr ? payload(sv, 'num') : payload(dv, 'num');
    const ptrReg = dPtr ? d : sr;
    if (kind === 'sub') n = aluNum('sub', constNum(0n), n, 64);
    // Root may add a known zero to a map pointer: the kernel leaves CONST_PTR_TO_MAP as it is.
    if (this.rootLinux && kind === 'add' && ptr.t === T.mapFd && isConst(n) && n.smin === 0n) return ptr;
    // The kernel lets a constant offset move a kernel-object pointer (&task->comm); loads through
    // it are checked against the object's BTF, which we do not model (they yield numbers).
    const btfMoves = this.linux && isConst(n);
    const forbidden = ptr.t & (T.mapFd | T.mapProgs | T.packetEnd | T.func | T.dynptr | (btfMoves ? 0 : T.btfId)); // HOOK(dynptr): T.dynptr
    if (forbidden) {
      const what = typeSetName(forbidden);
      throw new Failure(pc, {
        code: 'invalid-pointer-arithmetic',
        message: `arithmetic on ${what === 'packet_end' ? 'data_end (packet_end)' : `a ${what} value`} in r${ptrReg} is not allowed${what === 'packet_end' ? '; compute from data instead and compare against data_end' : ''}`,
        condition: `r${ptrReg}.type in {ctx, stack, packet, shared, number}`,
        regs: [ptrReg],
      });
    }
    // The kernel's check_reg_sane_offset: no unbounded minimum, no offsets beyond ±2^29.
    const LIM = 1n << 29n;
    if (
      this.linux &&
      (n.smin === S64MIN || n.smin <= -LIM || n.smin >= LIM || (isConst(n) && (n.smax >= LIM || n.smax <= -LIM)))
    ) {
      throw new Failure(pc, {
        code: 'invalid-pointer-arithmetic',
        message: `the number added to the pointer in r${ptrReg} ${n.smin === S64MIN ? 'has no lower bound' : 'is too large'} (${describeNum(n)}); the kernel refuses pointer arithmetic unless the offset is known to stay within ±2^29 — check it against a limit (and against 0 if it is signed) first`,
        condition: `r${dPtr ? sr : d}.value in [-${1 << 29}, ${1 << 29}]`,
        regs: [d, ...(sr >= 0 ? [sr] : [])],
      });
    }
    const delta = ivFromNum(n);
    const out: { -readonly [K in keyof Value]: Value[K] } = { t: ptr.t };
    if (ptr.t & T.number)
      out.num = aluNum(
        kind,
        dv.t & T.number ? payload(dv, 'num') : NUM_TOP,
        sv.t & T.number ? payload(sv, 'num') : NUM_TOP,
        64,
      );
    if (ptr.t & T.ctx) out.ctx = ivAdd(payload(ptr, 'ctx'), delta);
    if (ptr.t & T.stack) out.stack = ivAdd(payload(ptr, 'stack'), delta);
    if (ptr.t & T.packetMeta) out.meta = ivAdd(payload(ptr, 'meta'), delta);
    if (ptr.t & T.shared) out.shared = { ...payload(ptr, 'shared'), off: ivAdd(payload(ptr, 'shared').off, delta) };
    if (ptr.t & T.alloc) out.alloc = { ...payload(ptr, 'alloc'), off: ivAdd(payload(ptr, 'alloc').off, delta) };
    if (ptr.t & T.btfId) out.btf = { ...payload(ptr, 'btf'), off: ivAdd(payload(ptr, 'btf').off, delta) };
    if (ptr.t & T.packet) {
      const p = payload(ptr, 'packet');
      const off = ivAdd(p.off, delta);
      const room = effectiveRoom(s, p) - delta.hi;
      if (isConst(n)) {
        out.packet = { sym: p.sym, k: ivAdd(p.k, delta), off, room };
      } else {
        // A variable offset: a new base whose proven range is learned from later checks.
        this.killSym(s, pc);
        out.packet = { sym: pc + 1, k: iv(0), off, room };
      }
    }
    return out;
  }

  /** An absolute packet offset that is a range (paths joined with different offsets). */
  private joinedOffset(p: PacketPtr): boolean {
    return p.sym === 0 && p.k.lo !== p.k.hi && Number.isFinite(p.k.lo) && Number.isFinite(p.k.hi);
  }

  /** The pointer as base `pc + 1` + 0 (the kernel explores each offset; one shared base keeps the copies related). */
  private rebasePacket(s: State, pc: number, v: Value): Value {
    const p = payload(v, 'packet');
    const room = effectiveRoom(s, p);
    this.killSym(s, pc);
    return { ...v, packet: { sym: pc + 1, k: iv(0), off: p.off, room } };
  }

  private killSym(s: State, pc: number): void {
    const sym = pc + 1;
    s.ranges.delete(sym);
    s.mapValues((v) =>
      v.packet && v.packet.sym === sym
        ? { ...v, packet: { sym: 0, k: v.packet.off, off: v.packet.off, room: effectiveRoom(s, v.packet) } }
        : v,
    );
  }

  private pointerDifference(s: State, dv: Value, sv: Value, d: number, sr: number, pc: number): Value {
    const single = (v: Value): boolean => (v.t & (v.t - 1)) === 0;
    const okPair =
      single(dv) &&
      single(sv) &&
      (dv.t === sv.t || (dv.t === T.packetEnd && sv.t === T.packet) || (dv.t === T.packet && sv.t === T.packetEnd)) &&
      (dv.t & (T.ctx | T.stack | T.packet | T.packetEnd | T.shared | T.packetMeta)) !== 0;
    if (!okPair) {
      if (this.rootLinux) return NUMBER_TOP; // privileged loaders may subtract any pointers
      throw new Failure(pc, {
        code: 'invalid-pointer-arithmetic',
        message: `cannot subtract pointers to different regions (r${d} holds ${describeType(dv)}, r${sr} holds ${describeType(sv)})`,
        kernelAccepts: true,
        condition: `r${d}.type == r${sr}.type in {ctx, stack, packet}`,
        regs: [d, sr],
      });
    }
    const offOf = (v: Value): Iv | undefined =>
      v.t === T.ctx
        ? v.ctx
        : v.t === T.stack
          ? v.stack
          : v.t === T.packet
            ? payload(v, 'packet').off
            : v.t === T.shared
              ? payload(v, 'shared').off
              : v.t === T.packetMeta
                ? v.meta
                : undefined;
    if (dv.t === T.packetEnd && sv.t === T.packet) {
      // data_end - p = packet_size - off(p) >= 0 on paths where p <= data_end was proven; the
      // number remembers which pointer it measures, so (p, data_end - p) is a valid helper buffer.
      const p = payload(sv, 'packet');
      // At least the room proven for p (e.g. 1 after `if (end > start)`).
      const least = Math.min(65535, Math.max(0, effectiveRoom(s, p)));
      const n = numberValue(fromUnsigned(BigInt(least), 65535n));
      return p.k.lo === p.k.hi ? { ...n, tillEnd: { sym: p.sym, k: p.k.lo } } : n;
    }
    const a = offOf(dv);
    const b = offOf(sv);
    if (!a || !b) return NUMBER_TOP;
    const lo = a.lo - b.hi;
    const hi = a.hi - b.lo;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return NUMBER_TOP;
    return numberValue(constNumRange(BigInt(lo), BigInt(hi)));
  }

  // ---- loads and stores ----

  private ld(insn: Instruction, s: State): void {
    const pc = insn.pc;
    if (insn.opcode === 0x18) {
      this.noR10(insn, insn.dst);
      s.regs[insn.dst] = this.lddw(insn);
      return;
    }
    const mode = insn.opcode & 0xe0;
    if (mode === MemMode.ABS || mode === MemMode.IND) {
      if (!this.linux) {
        throw new Failure(pc, {
          code: 'invalid-instruction',
          message:
            'legacy packet loads (LD_ABS/LD_IND) are not supported by eBPF for Windows; read the packet through data/data_end',
          condition: 'requires conformance group packet',
        });
      }
      if (this.programType && this.programType.context.structName !== '__sk_buff') {
        throw new Failure(pc, {
          code: 'invalid-instruction',
          message: `legacy packet loads (LD_ABS/LD_IND) are only allowed in socket filter and tc programs, not in ${this.programType.name} programs`,
          condition: 'LD_ABS/LD_IND allowed for this program type',
        });
      }
      const r6 = this.readReg(s, pc, 6);
      if (r6.t !== T.ctx) {
        throw new Failure(pc, {
          code: 'invalid-pointer-type',
          message: 'legacy packet loads need the context in r6',
          condition: 'r6.type == ctx',
          regs: [6],
        });
      }
      if (mode === MemMode.IND) this.requireNumber(s, pc, insn.src, 'the index of a legacy packet load');
      const w = widthOf(insn.opcode);
      for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
      s.regs[0] = numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(w * 8)) - 1n));
      return;
    }
    throw new Failure(pc, {
      code: 'invalid-instruction',
      message: `unknown load instruction 0x${insn.opcode.toString(16)}`,
      condition: 'valid instruction',
    });
  }

  private mapAt(index: number, pc: number): MapDefinition {
    const m = this.program.maps[index];
    if (!m) {
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message: `the instruction refers to map #${index}, which the object does not define`,
        condition: `valid map index ${index}`,
      });
    }
    return m;
  }

  /** The kernel refuses some maps to some program types outright (see mapProgCompat.ts). */
  private usableMap(m: MapDefinition, pc: number): MapDefinition {
    const refusal = this.linux ? mapProgIncompatibility(this.program.btf, m, this.programType?.name) : undefined;
    if (refusal)
      throw new Failure(pc, {
        code: 'map-type-mismatch',
        message: refusal,
        condition: 'map usable by this program type',
      });
    return m;
  }

  private lddw(insn: Instruction): Value {
    const imm64 = insn.imm64 ?? BigInt(insn.imm >>> 0);
    switch (insn.src) {
      case 0:
        return constValue(imm64);
      case 1:
      case 5: {
        const m = this.usableMap(this.mapAt(insn.imm, insn.pc), insn.pc);
        return m.typeInfo?.kind === 'prog_array'
          ? { t: T.mapProgs, progFds: [m.index] }
          : { t: T.mapFd, fds: [m.index] };
      }
      case 2:
      case 6: {
        const m = this.usableMap(this.mapAt(insn.imm, insn.pc), insn.pc);
        const off = Number(BigInt.asIntN(32, imm64 >> 32n));
        return {
          t: T.shared,
          shared: { maps: [m.index], off: iv(off), size: m.valueSize, nullable: false, nullId: -1, origin: -1 },
        };
      }
      case 3:
        return { t: T.btfId, btf: { maps: [], off: iv(0), size: 0, nullable: false, nullId: -1, origin: -1 } };
      case 4:
        return { t: T.func, func: insn.pc + 1 + insn.imm };
      default:
        throw new Failure(insn.pc, {
          code: 'invalid-instruction',
          message: `unknown lddw source ${insn.src}`,
          condition: 'valid instruction',
        });
    }
  }

  private ldx(insn: Instruction, s: State): void {
    const mode = insn.opcode & 0xe0;
    const w = widthOf(insn.opcode);
    this.noR10(insn, insn.dst);
    const base = this.readReg(s, insn.pc, insn.src, 'dereferenced');
    const loaded = this.access(s, insn.pc, insn.src, base, insn.offset, w, 'read');
    let v = loaded ?? NUMBER_TOP;
    if (mode === MemMode.MEMSX && v.t === T.number) v = numberValue(sext(payload(v, 'num'), (w * 8) as 8 | 16 | 32));
    s.regs[insn.dst] = v;
  }

  private store(insn: Instruction, s: State): void {
    const pc = insn.pc;
    const w = widthOf(insn.opcode);
    const mode = insn.opcode & 0xe0;
    const isStx = (insn.opcode & 7) === InsnClass.STX;
    const base = this.readReg(s, pc, insn.dst, 'dereferenced');
    let value: Value;
    if (isStx) value = this.readReg(s, pc, insn.src, 'stored');
    else value = numberValue(truncNum(constNum(BigInt(insn.imm)), (w * 8) as 8 | 16 | 32 | 64));
    if (mode === MemMode.ATOMIC) {
      if (w !== 4 && w !== 8)
        throw new Failure(pc, {
          code: 'invalid-instruction',
          message: 'atomic operations work on 4 or 8 bytes',
          condition: 'width in {4, 8}',
        });
      this.requireNumber(s, pc, insn.src, 'atomic operations store numbers only', 'pointer-leak');
      this.access(
        s,
        pc,
        insn.dst,
        base,
        insn.offset,
        w,
        'write',
        numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, U32MAX)),
      );
      const fetch = (insn.imm & 1) !== 0;
      const range = numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, U32MAX));
      if (insn.imm === 0xf1) s.regs[0] = range;
      else if (fetch || insn.imm === 0xe1) s.regs[insn.src] = range;
      return;
    }
    if (mode !== MemMode.MEM)
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message: `unknown store mode 0x${insn.opcode.toString(16)}`,
        condition: 'valid instruction',
      });
    if (value.t === T.number && w < 8) value = numberValue(truncNum(payload(value, 'num'), (w * 8) as 8 | 16 | 32));
    else if (
      isStx &&
      value.t === T.number &&
      base.t === T.stack &&
      payload(base, 'stack').lo === payload(base, 'stack').hi
    ) {
      // A spilled number and its register stay equal (PREVAIL's zone keeps `r == stack[o]`):
      // sharing an id lets a later check on either refine the other, e.g. a loop bound spilled
      // before its range check and reloaded as the loop's exit test.
      const id = value.id ?? this.freshId(s, pc);
      value = { ...value, id };
      s.regs[insn.src] = value;
    }
    this.access(s, pc, insn.dst, base, insn.offset, w, 'write', value, isStx ? insn.src : -1);
  }

  /**
   * Check a memory access through register `r` (value `base`) at `base + o` of `w` bytes and
   * perform it. Returns the loaded value for reads.
   */
  access(
    s: State,
    pc: number,
    r: number,
    base: Value,
    o: number,
    w: number,
    mode: 'read' | 'write',
    value?: Value,
    valueReg = -1,
  ): Value | undefined {
    this.checkDereferenceable(pc, r, base, o, w, mode);
    const results: Value[] = [];
    const storeCheck = (region: string): void => {
      if (mode !== 'write' || !value || value.t === T.number) return;
      const init: FailureInit = {
        code: 'pointer-leak',
        message: `storing a pointer (r${valueReg} holds ${describeType(value)}) into ${region} would leak a kernel address`,
        kernelAccepts: true,
        condition: `r${valueReg}.type == number`,
        regs: [valueReg],
      };
      if (this.rootLinux)
        this.warn(pc, s, {
          ...init,
          message: `${init.message}; the kernel allows it only for privileged loaders (CAP_PERFMON/CAP_SYS_ADMIN)`,
        });
      else throw new Failure(pc, init);
    };
    if (base.t & T.stack) results.push(this.stackAccess(s, pc, r, payload(base, 'stack'), o, w, mode, value, valueReg));
    if (base.t & T.ctx) {
      storeCheck('the context');
      results.push(this.ctxAccess(s, pc, r, payload(base, 'ctx'), o, w, mode));
    }
    if (base.t & T.packet) {
      storeCheck('packet data');
      this.packetAccess(s, pc, r, payload(base, 'packet'), o, w, mode);
      results.push(numberValue(widthRange(w)));
    }
    if (base.t & T.packetMeta) {
      storeCheck('packet metadata');
      const m = payload(base, 'meta');
      if (m.lo + o < 0 || m.hi + o + w > s.metaRange) {
        throw new Failure(pc, {
          code: 'packet-out-of-bounds',
          message: `access to packet metadata at offset ${ivToString(ivAdd(m, iv(o)))} (${w} bytes) is not proven to stay before data; compare data_meta + ${m.hi + o + w} with data first`,
          condition: validAccess(r, o, w, mode),
          regs: [r],
        });
      }
      results.push(numberValue(widthRange(w)));
    }
    if (base.t & T.shared) {
      storeCheck('a map value');
      this.memAccess(s, pc, r, payload(base, 'shared'), o, w, mode, 'map');
      results.push(numberValue(widthRange(w)));
    }
    if (base.t & T.alloc) {
      storeCheck('a ring buffer record');
      this.memAccess(s, pc, r, payload(base, 'alloc'), o, w, mode, 'alloc');
      results.push(numberValue(widthRange(w)));
    }
    if (base.t & T.mapFd && this.mapObjectRead(base, o, mode)) {
      // A field of the map's kernel object (struct bpf_map and its outer types): typed by the
      // kernel's BTF, which we do not have; a number stands for it.
      results.push(numberValue(widthRange(w)));
    }
    if (base.t & T.btfId) {
      if (mode === 'write') {
        throw new Failure(pc, {
          code: 'invalid-pointer-type',
          message: `r${r} points to a kernel object that programs may not write`,
          condition: `r${r}.type in {ctx, stack, packet, shared}`,
          regs: [r],
        });
      }
      results.push(this.kernelObjectRead(payload(base, 'btf'), o, w));
    }
    if (mode === 'write') return undefined;
    return results.reduce(joinValue);
  }

  /** Root may read (never write) the kernel object behind a map pointer, at offsets from 0 on. */
  private mapObjectRead(base: Value, o: number, mode: 'read' | 'write'): boolean {
    return this.rootLinux && mode === 'read' && o >= 0 && base.t === T.mapFd;
  }

  private checkDereferenceable(pc: number, r: number, base: Value, o: number, w: number, mode: 'read' | 'write'): void {
    const nullable = [base.shared, base.alloc, base.btf].find((m) => m?.nullable);
    const zeroNumber = base.t & T.number && payload(base, 'num').umin === 0n && (base.t & ~T.number) !== 0;
    if (nullable?.param !== undefined) {
      throw new Failure(pc, {
        code: 'null-dereference',
        message: `\`${nullable.param}\` may be NULL here: it is a pointer argument of the global function \`${this.entryGlobal?.name ?? 'this function'}\`, which the kernel verifies on its own, assuming any pointer argument may be NULL; check it, or make the function \`static\``,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    if (nullable || zeroNumber) {
      const origin = nullable?.origin ?? -1;
      const helper = origin >= 0 ? this.helperName(origin) : undefined;
      const name = this.variableFor(origin, r, pc);
      const why =
        helper === undefined
          ? 'it is NULL on some path that reaches here'
          : helper.includes('ringbuf_reserve')
            ? `\`${helper}\` returns NULL when the ring buffer is full`
            : helper.includes('lookup')
              ? `\`${helper}\` returns NULL when the key is missing`
              : `\`${helper}\` may return NULL`;
      throw new Failure(pc, {
        code: 'null-dereference',
        message: `\`${name}\` may be NULL here: ${why}; check it before dereferencing`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
        related:
          origin >= 0 ? [{ pc: origin, message: `\`${name}\` comes from \`${helper}\` here and may be NULL` }] : [],
      });
    }
    const bad = base.t & ~MEM_TYPES & ~T.btfId & ~(this.mapObjectRead(base, o, mode) ? T.mapFd : 0);
    if (bad && base.stale !== undefined) {
      throw new Failure(pc, {
        code: 'invalid-pointer-type',
        message: `r${r} was a packet pointer, but \`${this.helperName(base.stale)}\` may move or resize the packet, so every packet pointer taken before it is invalid; reload ctx->data and ctx->data_end after the call and check again`,
        condition: `r${r}.type in {ctx, stack, packet, shared}`,
        regs: [r],
        related: [{ pc: base.stale, message: 'packet pointers are invalidated here' }],
      });
    }
    if (bad) {
      throw new Failure(pc, {
        code: 'invalid-pointer-type',
        message:
          base.t === T.number
            ? `r${r} holds a number, not a pointer; it cannot be dereferenced`
            : `r${r} holds ${describeType(base)}, which cannot be dereferenced${base.t & T.packetEnd ? ' (data_end marks the end of the packet; access data instead)' : ''}`,
        condition: `r${r}.type in {ctx, stack, packet, shared}`,
        regs: [r],
      });
    }
  }

  private stackAccess(
    s: State,
    pc: number,
    r: number,
    off: Iv,
    o: number,
    w: number,
    mode: 'read' | 'write',
    value?: Value,
    valueReg = -1,
  ): Value {
    const lo = off.lo + o;
    const hi = off.hi + o;
    const top = s.frameTop;
    const bottom = top - FRAME_SIZE;
    if (lo < bottom || hi + w > TOTAL_STACK) {
      const rel = lo - top;
      throw new Failure(pc, {
        code: 'stack-out-of-bounds',
        message:
          Number.isFinite(lo) && Number.isFinite(hi)
            ? `stack access at ${lo === hi ? fpText(rel) : `[${fpText(lo - top)}, ${fpText(hi - top)}]`} (${w} bytes) is outside the ${FRAME_SIZE}-byte stack frame`
            : `stack access through r${r} with an unbounded offset`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    if (mode === 'write') {
      if (lo === hi) {
        let v = value ?? NUMBER_TOP;
        if (v.t !== T.number && w !== 8) {
          if (!this.rootLinux) {
            throw new Failure(pc, {
              code: 'pointer-leak',
              message: `storing part of a pointer (${w} of 8 bytes of r${valueReg}) to the stack is not allowed`,
              kernelAccepts: true,
              condition: `r${valueReg}.type == number`,
              regs: [valueReg],
            });
          }
          v = numberValue(widthRange(w));
        }
        s.write(lo, w, v);
      } else {
        // A variable-offset write: bytes already initialised stay so (as unknown numbers).
        for (let b = lo; b < hi + w; b++) if (s.cellAt(b)) s.writeUnknown(b, 1);
      }
      return NUMBER_TOP;
    }
    const uninit = s.firstUninit(lo, hi - lo + w);
    if (uninit !== undefined) {
      const init: FailureInit = {
        code: 'uninitialized-stack',
        message: `reading ${w} bytes at ${lo === hi ? fpText(lo - top) : `[${fpText(lo - top)}, ${fpText(hi - top)}]`} but ${fpText(uninit - top)}${this.stackName(pc, uninit - top)} was never written`,
        condition: `stack[${uninit - top}] initialised`,
        kernelAccepts: true,
        regs: [r],
        stack: [uninit],
      };
      if (!this.rootLinux) throw new Failure(pc, init);
      this.warn(pc, s, {
        ...init,
        message: `${init.message}; the kernel allows this only for privileged loaders and the value is garbage`,
      });
      return numberValue(widthRange(w));
    }
    if (lo !== hi) return numberValue(widthRange(w));
    return s.read(lo, w) ?? numberValue(widthRange(w));
  }

  /** A NULL-check identity for a value made at pc (older values carrying it lose it). */
  private freshNullId(s: State, pc: number): number {
    s.mapValues((x) => (x.btf && x.btf.nullId === pc ? { ...x, btf: { ...x.btf, nullId: -1 } } : x));
    return pc;
  }

  /** A load through a kernel-object pointer: typed by the field's BTF type where the object says. */
  private kernelObjectRead(p: MemPtr, o: number, w: number): Value {
    const btf = this.program.btf;
    if (btf === undefined || p.btfType === undefined || p.off.lo !== p.off.hi) return numberValue(widthRange(w));
    const read = btfFieldRead(btf, p.btfType, p.off.lo + o, w);
    if (read?.kind !== 'pointer') return numberValue(widthRange(w));
    // The kernel marks such a pointer untrusted and guards every load through it (PROBE_MEM), so
    // it may be dereferenced without a NULL check.
    return {
      t: T.btfId,
      btf: {
        maps: [],
        off: iv(0),
        size: 0,
        nullable: false,
        nullId: -1,
        origin: -1,
        ...(read.pointee !== undefined ? { btfType: read.pointee } : {}),
      },
    };
  }

  private ctxAccess(s: State, pc: number, r: number, off: Iv, o: number, w: number, mode: 'read' | 'write'): Value {
    void s;
    const layout = this.programType?.context;
    const structName = layout?.structName ?? 'context';
    const size = layout?.size ?? 0;
    if (off.lo !== off.hi) {
      throw new Failure(pc, {
        code: 'context-out-of-bounds',
        message: `the context (${structName}) is accessed at a variable offset ${ivToString(ivAdd(off, iv(o)))}; context fields must be accessed at constant offsets`,
        condition: `r${r}.ctx_offset is constant`,
        regs: [r],
      });
    }
    const at = off.lo + o;
    if (this.linux && off.lo !== 0) {
      throw new Failure(pc, {
        code: 'context-out-of-bounds',
        message: `r${r} is the context pointer moved by ${off.lo} bytes; the kernel only allows context accesses through the unmodified pointer (write \`ctx->field\` instead of computing an address)`,
        condition: `r${r}.ctx_offset == 0`,
        regs: [r],
      });
    }
    if (!layout) {
      throw new Failure(pc, {
        code: 'context-out-of-bounds',
        message: `the program type of section \`${this.program.section}\` is unknown on ${this.platform.displayName}, so its context cannot be accessed`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    if (at < 0 || at + w > size) {
      throw new Failure(pc, {
        code: 'context-out-of-bounds',
        message: `access to ${structName} at offset ${at} (${w} bytes) is outside the ${size}-byte context`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    const field = layout.fields.find((f) => at >= f.offset && at < f.offset + f.size * (f.count ?? 1));
    if (field && field.kind !== 'scalar') {
      if (at !== field.offset || w !== field.size) {
        throw new Failure(pc, {
          code: 'context-out-of-bounds',
          message: `\`${structName}.${field.name}\` is a pointer field: it must be read whole (${field.size} bytes at offset ${field.offset})`,
          condition: validAccess(r, o, w, mode),
          regs: [r],
        });
      }
      if (mode === 'write') this.ctxReadOnly(pc, r, o, w, structName, field);
      if (field.kind === 'packet_start')
        return { t: T.packet, packet: { sym: 0, k: iv(0), off: iv(0), room: -Infinity } };
      if (field.kind === 'packet_end') return { t: T.packetEnd };
      if (field.kind === 'kernel_object' || field.kind === 'kernel_object_or_null') {
        const ctxType = contextStruct(this.program);
        const read = ctxType ? btfFieldRead(ctxType.btf, ctxType.id, at, w) : undefined;
        const nullable = field.kind === 'kernel_object_or_null';
        return {
          t: T.btfId,
          btf: {
            maps: [],
            off: iv(0),
            size: 0,
            nullable,
            nullId: nullable ? this.freshNullId(s, pc) : -1,
            origin: -1,
            ...(read?.kind === 'pointer' && read.pointee !== undefined ? { btfType: read.pointee } : {}),
          },
        };
      }
      return { t: T.packetMeta, meta: iv(0) };
    }
    const open = this.programType?.anyAlignedReadBelow;
    if (open !== undefined && mode === 'read' && at % w === 0 && at + w <= open) return numberValue(widthRange(w));
    if (this.linux) {
      if (!field || at + w > field.offset + field.size * (field.count ?? 1) || w > field.size * (field.count ?? 1)) {
        throw new Failure(pc, {
          code: 'context-out-of-bounds',
          message: field
            ? `access to ${structName} at offset ${at} (${w} bytes) goes beyond the field \`${field.name}\` (${field.size} bytes at offset ${field.offset})`
            : `offset ${at} of ${structName} is not a field programs may access`,
          condition: validAccess(r, o, w, mode),
          regs: [r],
        });
      }
    }
    if (mode === 'write' && (!field || !field.writable)) this.ctxReadOnly(pc, r, o, w, structName, field);
    return numberValue(widthRange(w));
  }

  private ctxReadOnly(
    pc: number,
    r: number,
    o: number,
    w: number,
    structName: string,
    field: ContextField | undefined,
  ): never {
    throw new Failure(pc, {
      code: 'context-read-only',
      message: field
        ? `\`${structName}.${field.name}\` is read-only for this program type`
        : `offset ${o} of ${structName} cannot be written`,
      condition: validAccess(r, o, w, 'write'),
      regs: [r],
    });
  }

  private packetAccess(
    s: State,
    pc: number,
    r: number,
    p: PacketPtr,
    o: number,
    w: number,
    mode: 'read' | 'write',
  ): void {
    if (p.off.lo + o < 0) {
      throw new Failure(pc, {
        code: 'packet-out-of-bounds',
        message: `access before the start of the packet (offset ${ivToString(ivAdd(p.off, iv(o)))})`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    if (o + w <= effectiveRoom(s, p)) return;
    const end = p.off.hi + o + w;
    // With DWARF: the C expression read (`ip->protocol`) and a check of the whole struct.
    const frames = this.program.debugFramesAt(pc);
    const cExpr = accessExpression(frames, r, o);
    const cBase = accessVariable(frames, r, o);
    const hint = cBase
      ? `check \`(void *)(${cBase} + 1) > data_end\` first`
      : Number.isFinite(end) && p.off.lo === p.off.hi
        ? `check \`data + ${end} > data_end\` first`
        : Number.isFinite(end)
          ? `the offset may reach ${p.off.hi + o}; bound it and check \`ptr + ${w} > data_end\` first`
          : 'the offset is unbounded; bound it and check it against data_end first';
    throw new Failure(pc, {
      code: 'packet-out-of-bounds',
      message: `${mode === 'read' ? 'reading' : 'writing'} ${cExpr ? `\`${cExpr}\` (${w} bytes at packet offset ${ivToString(ivAdd(p.off, iv(o)))})` : `${w} bytes at packet offset ${ivToString(ivAdd(p.off, iv(o)))}`} is not proven to stay within the packet (proven: ${s.pktSize} bytes); ${hint}`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }

  private memAccess(
    _s: State,
    pc: number,
    r: number,
    m: MemPtr,
    o: number,
    w: number,
    mode: 'read' | 'write',
    kind: 'map' | 'alloc',
  ): void {
    const lo = m.off.lo + o;
    const hi = m.off.hi + o;
    const keyWrite = keyWriteProblem(m, mode, r, validAccess(r, o, w, mode)); // HOOK(callbacks)
    if (keyWrite) throw new Failure(pc, keyWrite);
    // Named only when a message needs it: the DWARF lookup of a global's name is not free.
    const what = (): string =>
      kind === 'alloc'
        ? 'the ring buffer record'
        : m.maps.length
          ? (this.globalName(m.maps, lo, hi) ?? `the value of map \`${m.maps.map((i) => this.mapName(i)).join('|')}\``)
          : 'the memory region';
    if (lo < 0 || hi + w > m.size) {
      throw new Failure(pc, {
        code: kind === 'alloc' ? 'memory-out-of-bounds' : 'map-value-out-of-bounds',
        message: `${mode === 'read' ? 'reading' : 'writing'} ${w} bytes at offset ${ivToString(ivAdd(m.off, iv(o)))} of ${what()} (${m.size} bytes) ${lo < 0 ? 'starts before it' : 'goes past its end'}`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    if (mode === 'read' && kind === 'map' && this.linux) {
      const wo = m.maps.map((i) => this.program.maps[i]).find((d) => d && progAccessForbidden(d, 'read'));
      if (wo)
        throw new Failure(pc, {
          code: 'read-only-memory',
          message: `\`${wo.name}\` was created write-only for programs (BPF_F_WRONLY_PROG); programs may not read its values`,
          condition: validAccess(r, o, w, mode),
          regs: [r],
        });
    }
    if (mode === 'write' && kind === 'map') {
      const ro = m.maps.map((i) => this.program.maps[i]).find((d) => d && progAccessForbidden(d, 'write'));
      if (ro && this.linux) {
        const global =
          ro.section && this.program.dwarf ? globalExpression(this.program.dwarf, ro.section, lo) : undefined;
        throw new Failure(pc, {
          code: 'read-only-memory',
          message: `${global ? `\`${global}\` (in \`${ro.name}\`)` : `\`${ro.name}\` (${ro.readOnly ? (ro.section ?? 'read-only data') : 'created read-only for programs: BPF_F_RDONLY_PROG'})`} is read-only; programs may not write it`,
          condition: validAccess(r, o, w, mode),
          regs: [r],
        });
      }
    }
  }

  // ---- jumps, calls, exit ----

  private jmp(insn: Instruction, s: State, node: Node): void {
    const op = jumpOp(insn);
    const pc = insn.pc;
    if (op === JmpOp.JA) return;
    if (op === JmpOp.EXIT) return this.exit(insn, s);
    if (op === JmpOp.CALL) {
      if ((insn.opcode & 0x08) !== 0) {
        throw new Failure(pc, {
          code: 'invalid-instruction',
          message: 'indirect calls (callx) are not supported',
          condition: 'requires conformance group callx',
        });
      }
      const global = isLocalCall(insn) ? this.globals.get(pc + 1 + insn.imm) : undefined;
      if (global) return this.globalCall(insn, s, global);
      if (isLocalCall(insn)) {
        const issue = this.cfg.issueAt(node.callStack, pc);
        if (issue) throw new Failure(pc, { code: issue.code, message: issue.message, condition: issue.condition });
        return;
      }
      if (insn.src === 2) return this.btfFunctionCall(insn, s);
      return this.helperCall(insn, s);
    }
    // Conditional jump: operands must be initialised and comparable.
    const issue = this.cfg.issueAt(node.callStack, pc);
    if (issue) throw new Failure(pc, { code: issue.code, message: issue.message, condition: issue.condition });
    const fromReg = (insn.opcode & 0x08) !== 0;
    const a = this.readReg(s, pc, insn.dst, 'compared');
    const b = fromReg ? this.readReg(s, pc, insn.src, 'compared') : undefined;
    if (this.linux) return;
    const is32 = (insn.opcode & 7) === InsnClass.JMP32;
    const aPtr = (a.t & POINTER_TYPES_CMP) !== 0;
    if (!b) {
      if (aPtr && (insn.imm !== 0 || is32)) {
        throw new Failure(pc, {
          code: 'invalid-pointer-comparison',
          message: `r${insn.dst} holds ${describeType(a)}; a pointer can only be compared with 0 (a NULL check) or with another pointer into the same region`,
          kernelAccepts: true,
          condition: `r${insn.dst}.type == number`,
          regs: [insn.dst],
        });
      }
      return;
    }
    const bPtr = (b.t & POINTER_TYPES_CMP) !== 0;
    if (!aPtr && !bPtr) return;
    const bothNullCheck = (v: Value, w: Value): boolean =>
      v.t === T.number && isConst(payload(v, 'num')) && payload(v, 'num').umin === 0n && (w.t & ~T.number) !== 0;
    if (bothNullCheck(a, b) || bothNullCheck(b, a)) return;
    const region = (v: Value): number => (v.t & T.packetEnd ? (v.t & ~T.packetEnd) | T.packet : v.t);
    const ok =
      region(a) === region(b) &&
      (region(a) & (region(a) - 1)) === 0 &&
      (region(a) & (T.ctx | T.stack | T.packet | T.shared | T.packetMeta)) !== 0;
    const metaPacket =
      (a.t === T.packetMeta && (b.t === T.packet || b.t === T.packetEnd)) ||
      (b.t === T.packetMeta && (a.t === T.packet || a.t === T.packetEnd));
    if (!ok && !metaPacket) {
      throw new Failure(pc, {
        code: 'invalid-pointer-comparison',
        message: `r${insn.dst} (${describeType(a)}) and r${insn.src} (${describeType(b)}) cannot be compared: only numbers, or pointers into the same region, are comparable`,
        kernelAccepts: true,
        condition: `r${insn.dst}.type == r${insn.src}.type in {ctx, stack, packet}`,
        regs: [insn.dst, insn.src],
      });
    }
  }

  private exit(insn: Instruction, s: State): void {
    const pc = insn.pc;
    // HOOK(callbacks): a callback's own exit is below its caller's frames.
    if (s.frames.length > (this.entryCallback?.depth ?? 0)) return; // a subprogram's r0 is checked where the caller uses it
    const r0 = this.readReg(s, pc, 0, 'returned');
    const [ref] = s.refs;
    if (ref !== undefined) {
      const helper = this.helperName(ref);
      const ringbuf = helper.includes('ringbuf');
      throw new Failure(pc, {
        code: 'unreleased-reference',
        message: ringbuf
          ? `the record reserved by \`${helper}\` is neither submitted nor discarded on this path; call bpf_ringbuf_submit or bpf_ringbuf_discard before returning`
          : `the reference returned by \`${helper}\` is not released on this path; call bpf_sk_release on it (when it is not NULL) before returning`,
        condition: 'all references released',
        related: [{ pc: ref, message: ringbuf ? 'the record is reserved here' : 'the reference is acquired here' }],
      });
    }
    if (this.entryCallback) {
      // HOOK(callbacks): a callback's return value is checked against its helper's range.
      const problem = callbackReturnProblem(this.entryCallback, r0);
      if (problem) throw new Failure(pc, problem);
      return;
    }
    if (this.entryGlobal) {
      if (r0.t !== T.number) {
        throw new Failure(pc, {
          code: 'invalid-return-value',
          message: `the global function \`${this.entryGlobal.name}\` returns ${describeType(r0)}; global functions must return a number`,
          condition: 'r0.type == number',
          regs: [0],
        });
      }
      return;
    }
    const range = this.programType?.returnRange;
    if (r0.t !== T.number) {
      const init: FailureInit = {
        code: r0.t & T.number ? 'invalid-return-value' : 'pointer-leak',
        message: `the program returns ${describeType(r0)} in r0; it must return a number`,
        condition: 'r0.type == number',
        regs: [0],
      };
      if (!this.rootLinux || range) throw new Failure(pc, { ...init, code: 'invalid-return-value' });
      this.warn(pc, s, {
        ...init,
        message: `${init.message} (the kernel accepts returning a pointer only from privileged tracing programs)`,
      });
      return;
    }
    if (range) {
      const n = payload(r0, 'num');
      const [lo, hi] = [BigInt(range[0]), BigInt(range[1])];
      const view = this.platform.resultBits === 32 ? low32(n) : n;
      const within =
        this.platform.resultBits === 32 ? view.umin >= lo && view.umax <= hi && lo >= 0n : n.smin >= lo && n.smax <= hi;
      if (!within) {
        const meanings = Object.entries(this.programType.returnValues)
          .map(([k, v]) => `${v} (${k})`)
          .join(', ');
        const init: FailureInit = {
          code: 'invalid-return-value',
          message: `the program may return ${describeNum(n)}, but ${this.programType.name} programs must return a value in [${lo}, ${hi}]${meanings ? `: ${meanings}` : ''}`,
          condition: `r0.value in [${lo}, ${hi}]`,
          regs: [0],
        };
        // PREVAIL checks only that r0 is a number; the hook decides what an unknown value means.
        if (!this.linux)
          this.warn(pc, s, {
            ...init,
            message: `${init.message}; eBPF for Windows loads it, but the hook may treat the value as an error`,
          });
        else throw new Failure(pc, init);
      }
    }
  }

  /**
   * A call by BTF id (src=2): a Linux kfunc, or an eBPF for Windows BTF-resolved function, which
   * the profile lists with its prototype (an extension registers it by name and module).
   */
  private btfFunctionCall(insn: Instruction, s: State): void {
    const name = this.btfFunctionName(insn.imm);
    const resolved = name !== undefined ? this.platform.btfResolvedFunctions?.get(name) : undefined;
    if (resolved) return this.helperCall(insn, s, resolved.prototype);
    throw new Failure(insn.pc, {
      code: 'helper-unavailable',
      message:
        this.platform.id === 'windows'
          ? `${name ? `\`${name}\`` : `the function with BTF id ${insn.imm}`} is not a BTF-resolved function any known eBPF for Windows extension provides: its prototype cannot be looked up, so the program fails to load`
          : `calls of kernel functions (kfunc${name ? ` \`${name}\`` : ''}, BTF id ${insn.imm}) are not supported by this verifier`,
      condition: 'helper is available',
    });
  }

  private helperCall(insn: Instruction, s: State, btfResolved?: HelperPrototype): void {
    const pc = insn.pc;
    const proto = btfResolved ?? this.platform.helper(insn.imm, this.programType);
    const forbidden = !btfResolved && this.programType?.forbiddenHelpers?.has(insn.imm);
    if (!proto || forbidden) {
      const known = proto?.name ?? this.platform.helpers.get(insn.imm)?.name;
      throw new Failure(pc, {
        code: 'helper-unavailable',
        message: helperUnavailableMessage(this.platform, this.programType, insn.imm, known),
        condition: 'helper is available',
      });
    }
    if (!btfResolved && this.programType?.unimplementedHelpers?.has(insn.imm)) {
      // The verifier passes it (the prototype is general); the program still cannot be loaded.
      this.warn(pc, s, {
        code: 'helper-unavailable',
        message: `\`${proto.name}\` (id ${insn.imm}) passes the verifier of ${this.platform.displayName}, but the ${this.programType.name} extension does not implement it: loading the program fails (EINVAL) after verification. Call it only from program types that provide it (e.g. xdp)`,
        condition: 'helper is implemented by the program type',
      });
    }
    let mapFds: readonly number[] | undefined;
    let allocSize: number | undefined;
    const writes: [Value, number][] = []; // stack regions the helper writes
    const dynptrProblem = this.linux ? dynptrArgProblem(s, proto) : undefined; // HOOK(dynptr)
    if (dynptrProblem) throw new Failure(pc, dynptrProblem);
    for (let i = 0; i < proto.args.length && i < 5; i++) {
      const r = i + 1;
      const kind = proto.args[i];
      const next = proto.args[i + 1];
      // printk's value arguments are optional (the Linux prototype leaves them unchecked), also
      // where only some paths set one (a two-value bpf_printk after other calls cleared r5).
      if (proto.printk && this.linux && kind === 'anything' && ((s.regs[r]?.t ?? T.uninit) & T.uninit) !== 0) continue;
      const v = this.readReg(s, pc, r, `passed as argument ${r} of \`${proto.name}\``);
      switch (kind) {
        case 'anything':
          if (!this.linux && v.t !== T.number) {
            throw new Failure(pc, {
              ...argFailure(r, proto, `must be a number, but it holds ${describeType(v)}`, `r${r}.type == number`),
              kernelAccepts: true,
            });
          }
          break;
        case 'const_size':
        case 'const_size_or_zero': {
          if (v.t !== T.number)
            throw new Failure(
              pc,
              argFailure(
                r,
                proto,
                `is a size and must be a number, but it holds ${describeType(v)}`,
                `r${r}.type == number`,
              ),
            );
          const n = payload(v, 'num');
          if (kind === 'const_size' && n.umin === 0n) {
            throw new Failure(pc, {
              ...argFailure(
                r,
                proto,
                `is a size that may be zero (${describeNum(n)}); it must be at least 1`,
                `r${r}.value > 0`,
              ),
              code: 'invalid-size',
            });
          }
          if (n.umax > 1n << 29n) {
            throw new Failure(pc, {
              ...argFailure(
                r,
                proto,
                `is a size with no useful upper bound (${describeNum(n)}); bound it with a check first`,
                `r${r}.value <= ${1 << 29}`,
              ),
              code: 'invalid-size',
            });
          }
          allocSize = isConst(n) ? Number(n.umin) : undefined;
          break;
        }
        case 'ptr_to_ctx':
        case 'ptr_to_ctx_or_null': {
          if (kind === 'ptr_to_ctx_or_null' && isZero(v)) break;
          if (v.t !== T.ctx)
            throw new Failure(
              pc,
              argFailure(r, proto, `must be the context pointer, but it holds ${describeType(v)}`, `r${r}.type == ctx`),
            );
          if (payload(v, 'ctx').lo !== 0 || payload(v, 'ctx').hi !== 0)
            throw new Failure(
              pc,
              argFailure(
                r,
                proto,
                `must point to the start of the context (offset ${ivToString(payload(v, 'ctx'))} instead)`,
                `r${r}.ctx_offset == 0`,
              ),
            );
          break;
        }
        case 'ptr_to_map':
          this.innerMapMaybeNull(pc, s, r, v, proto);
          if (v.t !== T.mapFd) {
            throw new Failure(pc, {
              ...argFailure(
                r,
                proto,
                `must be a map (\`&my_map\`), but it holds ${describeType(v)}`,
                `r${r}.type == map_fd`,
              ),
              code: v.t === T.mapProgs ? 'map-type-mismatch' : 'helper-argument',
            });
          }
          mapFds = v.fds;
          this.checkMapType(pc, s, proto, payload(v, 'fds'), r);
          break;
        case 'ptr_to_map_of_programs':
          this.innerMapMaybeNull(pc, s, r, v, proto);
          if (v.t !== T.mapProgs) {
            throw new Failure(pc, {
              ...argFailure(
                r,
                proto,
                `must be a program array map (BPF_MAP_TYPE_PROG_ARRAY), but it holds ${describeType(v)}`,
                `r${r}.type == map_fd_programs`,
              ),
              code: v.t === T.mapFd ? 'map-type-mismatch' : 'helper-argument',
            });
          }
          break;
        case 'ptr_to_map_key':
        case 'ptr_to_map_value': {
          const maps = (mapFds ?? []).map((m) => this.program.maps[m]).filter((m): m is MapDefinition => !!m);
          const size = Math.max(0, ...maps.map((m) => (kind === 'ptr_to_map_key' ? m.keySize : m.valueSize)));
          const out =
            kind === 'ptr_to_map_value' &&
            (proto.effects ? !!proto.effects.writesMapValue : /pop|peek/.test(proto.name));
          const what = kind === 'ptr_to_map_key' ? `a key of ${size} bytes` : `a value of ${size} bytes`;
          this.memArg(s, pc, r, v, proto, size, out ? 'write' : 'read', what, writes);
          if (!out && !this.linux && v.t === T.stack && payload(v, 'stack').lo === payload(v, 'stack').hi)
            this.numericStack(s, pc, r, payload(v, 'stack').lo, size, proto, kind);
          break;
        }
        case 'ptr_to_readable_mem':
        case 'ptr_to_readable_mem_or_null':
        case 'ptr_to_writable_mem':
        case 'ptr_to_writable_mem_or_null':
        case 'ptr_to_const_str':
        case 'ptr_to_long': {
          if (kind.endsWith('_or_null') && isZero(v)) break;
          if (kind === 'ptr_to_const_str' && this.linux) {
            const problem = constStrProblem(v, this.program.maps);
            if (problem) throw new Failure(pc, argFailure(r, proto, problem, `r${r}.type == const_str`));
          }
          let size = kind === 'ptr_to_long' ? 8 : 1;
          if (next === 'const_size' || next === 'const_size_or_zero') {
            const sz = known(s.regs, r + 1, 'register');
            if (sz.t !== T.number) {
              throw new Failure(
                pc,
                argFailure(
                  r + 1,
                  proto,
                  `is a size and must be a number, but it holds ${describeType(sz)}`,
                  `r${r + 1}.type == number`,
                ),
              );
            }
            if (payload(sz, 'num').umax > 1n << 29n) {
              throw new Failure(pc, {
                ...argFailure(
                  r + 1,
                  proto,
                  `is a size with no useful upper bound (${describeNum(payload(sz, 'num'))}); bound it with a check first`,
                  `r${r + 1}.value <= ${1 << 29}`,
                ),
                code: 'invalid-size',
              });
            }
            size = Number(payload(sz, 'num').umax);
          }
          const write = kind.startsWith('ptr_to_writable') || kind === 'ptr_to_long';
          const till = s.regs[r + 1]?.tillEnd;
          if (
            till &&
            v.t === T.packet &&
            payload(v, 'packet').sym === till.sym &&
            payload(v, 'packet').k.lo === till.k &&
            payload(v, 'packet').k.hi === till.k
          ) {
            // (p, data_end - p): the buffer ends exactly at data_end; only its start needs checking.
            if (payload(v, 'packet').off.lo < 0)
              this.memArg(s, pc, r, v, proto, 1, write ? 'write' : 'read', '1 byte', writes);
            break;
          }
          if (size > 0) this.memArg(s, pc, r, v, proto, size, write ? 'write' : 'read', `${size} bytes`, writes);
          break;
        }
        case 'ptr_to_stack':
        case 'ptr_to_stack_or_null':
          if (kind === 'ptr_to_stack_or_null' && isZero(v)) break;
          if (v.t !== T.stack)
            throw new Failure(
              pc,
              argFailure(r, proto, `must point to the stack, but it holds ${describeType(v)}`, `r${r}.type == stack`),
            );
          break;
        case 'ptr_to_alloc_mem':
          if (v.t !== T.alloc || payload(v, 'alloc').nullable) {
            throw new Failure(pc, {
              ...argFailure(
                r,
                proto,
                v.t === T.alloc
                  ? 'may be NULL; check the result of bpf_ringbuf_reserve first'
                  : `must be a record from bpf_ringbuf_reserve, but it holds ${describeType(v)}`,
                `r${r}.type == alloc_mem`,
              ),
              code: v.t === T.alloc ? 'null-dereference' : 'helper-argument',
              related:
                v.alloc && v.alloc.origin >= 0 ? [{ pc: v.alloc.origin, message: 'the record is reserved here' }] : [],
            });
          }
          break;
        case 'ptr_to_spin_lock':
          if (v.t !== T.shared || payload(v, 'shared').nullable)
            throw new Failure(
              pc,
              argFailure(
                r,
                proto,
                `must point into a map value, but it holds ${describeType(v)}`,
                `r${r}.type == shared`,
              ),
            );
          break;
        case 'ptr_to_btf_id':
          if ((v.t & ~POINTER_TYPES) !== 0 && v.t !== T.btfId)
            throw new Failure(
              pc,
              argFailure(
                r,
                proto,
                `must be a pointer to a kernel object, but it holds ${describeType(v)}`,
                `r${r}.type == btf_id`,
              ),
            );
          break;
        case 'ptr_to_func':
          if (v.t !== T.func)
            throw new Failure(
              pc,
              argFailure(
                r,
                proto,
                `must be a function (a callback), but it holds ${describeType(v)}`,
                `r${r}.type == func`,
              ),
            );
          break;
      }
    }
    // HOOK(callbacks): the final pass notes the callback and how the helper will call it.
    if (this.warnings && this.callbackSites) this.callbackSites.record(pc, s, proto, this.program.maps);
    if (this.linux) forgetCallbackWrites(s, proto); // HOOK(callbacks): the callback may rewrite the caller's numbers
    // Effects.
    for (const [v, size] of writes) {
      if (v.t === T.stack && payload(v, 'stack').lo === payload(v, 'stack').hi)
        s.writeUnknown(payload(v, 'stack').lo, size);
    }
    // Effects as data where the profile has them (Linux), else guessed from the name (Windows).
    const fx = proto.effects;
    const releasesAlloc = fx
      ? !!fx.releases && proto.args[0] === 'ptr_to_alloc_mem'
      : proto.args.includes('ptr_to_alloc_mem') && /submit|discard/.test(proto.name);
    if (releasesAlloc) {
      const id = s.regs[1]?.alloc?.nullId ?? -1;
      s.refs = s.refs.filter((x) => x !== id);
      s.mapValues((x) => (x.alloc && x.alloc.nullId === id ? UNINIT : x));
    }
    if (fx ? !!fx.releases && proto.args[0] !== 'ptr_to_alloc_mem' : /_release$/.test(proto.name)) {
      const id = s.regs[1]?.btf?.nullId ?? -1;
      s.refs = s.refs.filter((x) => x !== id);
      s.mapValues((x) => (x.btf && x.btf.nullId === id ? UNINIT : x));
    }
    if (fx ? !!fx.changesPacket : PACKET_CHANGING.test(proto.name)) {
      s.mapValues((x) =>
        x.t & (T.packet | T.packetEnd | T.packetMeta)
          ? { t: T.number, num: NUM_TOP, stale: pc }
          : x.tillEnd
            ? withoutTillEnd(x)
            : x,
      );
      s.pktSize = 0;
      s.ranges.clear();
      s.metaRange = 0;
    }
    const dynptrData = this.linux ? dynptrDataResult(pc, s, proto) : undefined; // HOOK(dynptr)
    for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
    s.regs[0] = dynptrData ?? this.helperResult(s, pc, proto, mapFds, allocSize);
  }

  /** PREVAIL: map keys and values on the stack must be numbers, never spilled pointers. */
  /**
   * An inner map from a map-of-maps lookup passed to a helper before its NULL check. The kernel
   * refuses it; PREVAIL checks only the argument's type (map_fd), not its value, so eBPF for
   * Windows loads it and the helper receives a NULL map when the key is missing.
   */
  private innerMapMaybeNull(pc: number, s: State, r: number, v: Value, proto: HelperPrototype): void {
    if (!(v.t & MAP_TYPES) || !v.fdMaybeNull) return;
    const origin = v.fdMaybeNull.origin;
    const init: FailureInit = {
      code: 'null-dereference',
      message: `the inner map passed as argument ${r} of \`${proto.name}\` may be NULL: \`${this.helperName(origin)}\` on a map of maps returns NULL when the key is missing; check it first`,
      condition: `r${r} != 0`,
      regs: [r],
      related: [{ pc: origin, message: 'the inner map is looked up here' }],
    };
    if (this.linux) throw new Failure(pc, init);
    this.warn(pc, s, {
      ...init,
      message: `${init.message}. The verifier of ${this.platform.displayName} (PREVAIL) checks only that it is a map, so the program loads and the helper receives a NULL map when the key is missing; the Linux kernel would refuse it`,
    });
  }

  private numericStack(
    s: State,
    pc: number,
    r: number,
    off: number,
    size: number,
    proto: HelperPrototype,
    kind: HelperArgKind,
  ): void {
    for (let b = off; b < off + size;) {
      const hit = s.cellAt(b);
      if (!hit) return;
      if (hit[1].v.t !== T.number) {
        const top = s.frameTop;
        throw new Failure(pc, {
          code: 'pointer-leak',
          message: `the ${kind === 'ptr_to_map_key' ? 'key' : 'value'} passed to \`${proto.name}\` (r${r}) holds a pointer at ${fpText(hit[0] - top)}; only numbers may be stored in maps`,
          condition: `within(r${r}:${kind === 'ptr_to_map_key' ? 'key' : 'value'}_size(r1)) numeric`,
          kernelAccepts: true,
          regs: [r],
          stack: [hit[0]],
        });
      }
      b = hit[0] + hit[1].size;
    }
  }

  /** A call of a Linux global function: arguments checked against its BTF prototype. */
  private globalCall(insn: Instruction, s: State, g: GlobalFunction): void {
    const pc = insn.pc;
    const proto: HelperPrototype = { id: -1, name: g.name, args: [], returns: 'integer', doc: '', signature: '' };
    if (g.badReturn)
      throw new Failure(pc, {
        code: 'invalid-return-value',
        message: `the global function \`${g.name}\` cannot be called: the kernel accepts only global functions that return an integer, and ${g.badReturn}; return an int or make it \`static\``,
        condition: `${g.name} returns a scalar`,
      });
    g.params.slice(0, 5).forEach((p, i) => {
      const r = i + 1;
      const v = this.readReg(s, pc, r, `passed as argument ${r} of \`${g.name}\``);
      if (p.kind === 'unsupported')
        throw new Failure(
          pc,
          argFailure(
            r,
            proto,
            `cannot be passed to a global function: ${p.why}; make the function \`static\``,
            `r${r}: supported global function argument`,
          ),
        );
      if (p.kind === 'scalar' && v.t !== T.number)
        throw new Failure(
          pc,
          argFailure(
            r,
            proto,
            `must be a number (the parameter \`${p.name}\` is an integer), but it holds ${describeType(v)}`,
            `r${r}.type == number`,
          ),
        );
      if (p.kind === 'ctx' && (v.t !== T.ctx || payload(v, 'ctx').lo !== 0 || payload(v, 'ctx').hi !== 0))
        throw new Failure(
          pc,
          argFailure(r, proto, `must be the context pointer, but it holds ${describeType(v)}`, `r${r}.type == ctx`),
        );
      if (p.kind === 'mem' && !isZero(v)) {
        const writes: [Value, number][] = [];
        // The callee is verified for NULL, so a maybe-NULL pointer may be passed.
        const clear = (m: MemPtr): MemPtr => (m.nullable ? { ...m, nullable: false } : m);
        const nonNull: Value = {
          ...v,
          ...(v.shared && { shared: clear(v.shared) }),
          ...(v.alloc && { alloc: clear(v.alloc) }),
        };
        const ptr = restrict(nonNull, ~T.number) ?? v;
        this.memArg(s, pc, r, cleanValue(ptr), proto, p.size, 'write', `${p.size} bytes`, writes);
        // The callee may write through the pointer.
        for (const [wv, size] of writes)
          if (wv.t === T.stack && payload(wv, 'stack').lo === payload(wv, 'stack').hi)
            s.writeUnknown(payload(wv, 'stack').lo, size);
      }
    });
    for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
    s.regs[0] = NUMBER_TOP;
  }

  private checkMapType(pc: number, s: State, proto: HelperPrototype, fds: readonly number[], r: number): void {
    for (const i of fds) {
      const m = this.program.maps[i];
      const kind = m?.typeInfo?.kind;
      if (!m || !kind) continue;
      let ok = true;
      const name = proto.name;
      const fx = proto.effects;
      if (fx)
        ok =
          (fx.mapTypes?.includes(m.typeInfo.name) ?? true) && !(fx.mapTypesRefused?.includes(m.typeInfo.name) ?? false);
      else if (/map_lookup_elem|lookup_and_delete/.test(name))
        ok = m.typeInfo.lookupReturnsValue && kind !== 'prog_array';
      else if (/map_(update|delete)_elem/.test(name))
        ok = !['prog_array', 'ringbuf', 'perf_event_array', 'queue', 'stack'].includes(kind);
      // The kernel redirects only through device, CPU and AF_XDP socket maps.
      else if (this.linux && /redirect_map/.test(name))
        ok = ['devmap', 'devmap_hash', 'cpumap', 'xskmap'].includes(m.typeInfo.name);
      else if (/ringbuf_/.test(name)) ok = kind === 'ringbuf';
      else if (/map_(push|pop|peek)_elem/.test(name)) ok = kind === 'queue' || kind === 'stack';
      else if (/perf_event_output/.test(name)) ok = kind === 'perf_event_array';
      if (!ok && this.platform.mapTypeCheckedAtRunTime?.has(name)) {
        // Platform policy: the loader accepts it and the helper fails when it runs.
        this.warn(pc, s, {
          code: 'map-type-mismatch',
          severity: 'warning',
          message: `\`${proto.name}\` on map \`${m.name}\` of type ${m.typeInfo.name} loads on ${this.platform.displayName}, whose verifier does not check this map type, but the call fails when it runs`,
          condition: `r${r}.map_type is compatible with ${proto.name}`,
          regs: [r],
        });
        continue;
      }
      if (!ok) {
        throw new Failure(pc, {
          code: 'map-type-mismatch',
          message: `\`${proto.name}\` cannot be used with map \`${m.name}\` of type ${m.typeInfo.name}`,
          condition: `r${r}.map_type is compatible with ${proto.name}`,
          regs: [r],
        });
      }
    }
  }

  private memArg(
    s: State,
    pc: number,
    r: number,
    v: Value,
    proto: HelperPrototype,
    size: number,
    mode: 'read' | 'write',
    what: string,
    writes: [Value, number][],
  ): void {
    if (v.t === T.number) {
      throw new Failure(
        pc,
        argFailure(
          r,
          proto,
          `must point to ${what} of memory (stack, packet or map value), but it holds ${describeType(v)}`,
          `r${r}.type in {stack, packet, shared}`,
        ),
      );
    }
    if ((v.t & T.number && payload(v, 'num').umin === 0n) || [v.shared, v.alloc].some((m) => m?.nullable)) {
      const origin = v.shared?.origin ?? v.alloc?.origin ?? -1;
      throw new Failure(pc, {
        code: 'null-dereference',
        message: `argument ${r} of \`${proto.name}\` (r${r}) may be NULL; check it before passing it`,
        condition: validAccess(r, 0, size, mode),
        regs: [r],
        related:
          origin >= 0
            ? [{ pc: origin, message: `this value comes from \`${this.helperName(origin)}\` and may be NULL` }]
            : [],
      });
    }
    const allowed = T.stack | T.packet | T.shared | T.alloc;
    if ((v.t & ~allowed) !== 0) {
      throw new Failure(
        pc,
        argFailure(
          r,
          proto,
          `must point to ${what} of readable${mode === 'write' ? ' and writable' : ''} memory (stack, packet or map value), but it holds ${describeType(v)}`,
          `r${r}.type in {stack, packet, shared}`,
        ),
      );
    }
    if (v.t & T.stack) {
      const off = payload(v, 'stack');
      const top = s.frameTop;
      if (off.lo < top - FRAME_SIZE || off.hi + size > TOTAL_STACK) {
        throw new Failure(pc, {
          code: 'stack-out-of-bounds',
          message: `argument ${r} of \`${proto.name}\` needs ${what} at ${fpText(off.lo - top)}, which goes past the stack frame`,
          condition: validAccess(r, 0, size, mode),
          regs: [r],
        });
      }
      if (mode === 'read') {
        const u = s.firstUninit(off.lo, off.hi - off.lo + size);
        if (u !== undefined) {
          const init: FailureInit = {
            code: 'uninitialized-stack',
            message: `argument ${r} of \`${proto.name}\` points to ${what} on the stack at ${fpText(off.lo - top)}, but ${fpText(u - top)}${this.stackName(pc, u - top)} is not initialised (initialise the whole ${what.startsWith('a key') ? 'key, including padding' : 'buffer'}, e.g. with __builtin_memset or = {})`,
            condition: `stack[${u - top}..] initialised for ${size} bytes`,
            kernelAccepts: true,
            regs: [r],
            stack: [u],
          };
          // PREVAIL requires numeric stack bytes only for map keys and values (ValidMapKeyValue);
          // other readable-memory arguments need bounds alone.
          const keyOrValue = what.startsWith('a key') || what.startsWith('a value');
          if ((!this.linux && keyOrValue) || (this.linux && !this.rootLinux)) throw new Failure(pc, init);
          this.warn(pc, s, {
            ...init,
            message: this.linux
              ? `${init.message}; the kernel accepts this only for privileged loaders`
              : `${init.message}; ${this.platform.displayName} loads it, but the helper reads whatever those bytes hold`,
          });
        }
      } else {
        writes.push([v, size]);
      }
    }
    if (v.t & T.packet) this.packetAccess(s, pc, r, payload(v, 'packet'), 0, size, mode);
    if (v.t & T.shared) this.memAccess(s, pc, r, payload(v, 'shared'), 0, size, mode, 'map');
    if (v.t & T.alloc) this.memAccess(s, pc, r, payload(v, 'alloc'), 0, size, mode, 'alloc');
  }

  private helperResult(
    s: State,
    pc: number,
    proto: HelperPrototype,
    mapFds: readonly number[] | undefined,
    allocSize: number | undefined,
  ): Value {
    const fresh = (): number => {
      s.mapValues((x) => {
        if (x.fdMaybeNull && x.fdMaybeNull.nullId === pc)
          return { ...x, fdMaybeNull: { ...x.fdMaybeNull, nullId: -1 } };
        for (const key of ['shared', 'alloc', 'btf'] as const) {
          const m = x[key];
          if (m && m.nullId === pc) return { ...x, [key]: { ...m, nullId: -1 } };
        }
        return x;
      });
      return pc;
    };
    switch (proto.returns) {
      case 'integer':
      case 'integer_or_no_return_if_succeed':
        return NUMBER_TOP;
      case 'void':
        return UNINIT;
      case 'ptr_to_map_value_or_null': {
        const maps = (mapFds ?? []).map((m) => this.program.maps[m]).filter((m): m is MapDefinition => !!m);
        const inner = maps.find((m) => m.typeInfo?.kind === 'hash_of_maps' || m.typeInfo?.kind === 'array_of_maps');
        if (inner && inner.innerMapIndex !== undefined) {
          // Map-in-map: the result is the inner map, or NULL when the key is missing.
          const fdMaybeNull = { nullId: fresh(), origin: pc };
          return this.program.maps[inner.innerMapIndex]?.typeInfo?.kind === 'prog_array'
            ? { t: T.mapProgs, progFds: [inner.innerMapIndex], fdMaybeNull }
            : { t: T.mapFd, fds: [inner.innerMapIndex], fdMaybeNull };
        }
        const size = maps.length ? Math.min(...maps.map((m) => m.valueSize)) : 0;
        return {
          t: T.shared,
          shared: { maps: maps.map((m) => m.index), off: iv(0), size, nullable: true, nullId: fresh(), origin: pc },
        };
      }
      case 'ptr_to_alloc_mem_or_null': {
        const id = fresh();
        s.refs = [...new Set([...s.refs, id])].sort((a, b) => a - b);
        return {
          t: T.alloc,
          alloc: { maps: [], off: iv(0), size: allocSize ?? 0, nullable: true, nullId: id, origin: pc },
        };
      }
      case 'ptr_to_btf_id_or_null': {
        const id = fresh();
        // Socket lookups hand out references that must be released (bpf_sk_release).
        if (proto.effects ? proto.effects.acquires : /sk_lookup|skc_lookup/.test(proto.name))
          s.refs = [...new Set([...s.refs, id])].sort((a, b) => a - b);
        return { t: T.btfId, btf: { maps: [], off: iv(0), size: 0, nullable: true, nullId: id, origin: pc } };
      }
      case 'ptr_to_btf_id':
        return { t: T.btfId, btf: { maps: [], off: iv(0), size: 0, nullable: false, nullId: -1, origin: pc } };
    }
  }

  // ---- edges ----

  /** Apply an edge's effect to the post-state of its source block; undefined = infeasible. */
  edge(e: Edge, from: Node, s: State): State | undefined {
    const last = known(this.program.instructions, from.block.last, 'instruction');
    switch (e.kind) {
      case 'fall':
        return s;
      case 'taken':
      case 'not-taken':
        return isConditional(last) ? this.assume(last, s.clone(), e.kind === 'taken') : s;
      case 'call': {
        const t = s.clone();
        t.frames.push(t.regs.slice(6, 11));
        t.regs[0] = UNINIT;
        for (let r = 6; r <= 9; r++) t.regs[r] = UNINIT;
        t.regs[10] = { t: T.stack, stack: iv(t.frameTop) };
        return t;
      }
      case 'return': {
        const t = s.clone();
        const saved = t.frames.pop();
        if (saved === undefined) throw new Error('verifier: internal error: a return edge with no caller frame');
        for (let r = 1; r <= 5; r++) t.regs[r] = UNINIT;
        for (let r = 6; r <= 10; r++) t.regs[r] = known(saved, r - 6, 'saved register');
        t.dropBelow(t.frameTop - FRAME_SIZE);
        return t;
      }
    }
  }

  /** Refine the state by the outcome of a conditional jump. */
  assume(insn: Instruction, s: State, taken: boolean): State | undefined {
    const op = jumpOp(insn);
    const cmp = CMP[op];
    // Not a comparison (the decoder admits none other): nothing to learn on either edge.
    if (cmp === undefined) return s;
    const is32 = (insn.opcode & 7) === InsnClass.JMP32;
    const fromReg = (insn.opcode & 0x08) !== 0;
    const d = insn.dst;
    const a = known(s.regs, d, 'register');
    const b: Value = fromReg
      ? known(s.regs, insn.src, 'register')
      : numberValue(is32 ? constNum(BigInt(insn.imm >>> 0)) : constNum(BigInt(insn.imm)));
    if ((a.t | b.t) & T.uninit) return s; // reported by the check already
    const c = taken ? cmp : NEGATE[cmp];

    // Packet bounds: p <= data_end / p < data_end.
    if (!is32 && c && fromReg) {
      if (a.t === T.packet && b.t === T.packetEnd) this.learnPacket(s, d, c);
      else if (a.t === T.packetEnd && b.t === T.packet) this.learnPacket(s, insn.src, SWAP[c]);
      else if (
        a.t === T.packetMeta &&
        b.t === T.packet &&
        payload(b, 'packet').off.lo === 0 &&
        payload(b, 'packet').off.hi === 0
      )
        this.learnMeta(s, payload(a, 'meta'), c);
      else if (
        a.t === T.packet &&
        b.t === T.packetMeta &&
        payload(a, 'packet').off.hi === 0 &&
        payload(a, 'packet').off.lo === 0
      )
        this.learnMeta(s, payload(b, 'meta'), SWAP[c]);
    }

    // NULL checks: a pointer compared with 0.
    const bZero = b.t === T.number && isConst(payload(b, 'num')) && payload(b, 'num').umin === 0n;
    const aZero = a.t === T.number && isConst(payload(a, 'num')) && payload(a, 'num').umin === 0n;
    if (!is32 && (bZero || aZero) && ((bZero ? a : b).t & ~T.number) !== 0 && c) {
      const reg = bZero ? d : insn.src;
      const cc = bZero ? c : SWAP[c];
      const zero = cc === 'eq' || cc === 'le' ? true : cc === 'ne' || cc === 'gt' ? false : undefined;
      if (zero !== undefined && reg >= 0) return this.assumeNull(s, reg, zero);
    }

    // Numbers.
    if (cmp === 'set' && !taken) {
      // a & b == 0: only decidable for constants; refine64 handles it.
    }
    if (a.t & T.number && b.t & T.number) {
      const r = (is32 ? refine32 : refine64)(cmp, taken, payload(a, 'num'), payload(b, 'num'));
      if (!r) {
        // The number part cannot satisfy the condition: what remains are the pointer parts.
        const na = restrict(a, ~T.number);
        const nb = fromReg ? restrict(b, ~T.number) : b;
        if (!na || !nb) return undefined;
        s.regs[d] = na;
        if (fromReg) s.regs[insn.src] = nb;
        return s;
      }
      this.setNum(s, d, r[0]);
      if (fromReg) this.setNum(s, insn.src, r[1]);
    }
    return s;
  }

  private setNum(s: State, r: number, n: Num): void {
    const v = known(s.regs, r, 'register');
    const id = v.t === T.number ? v.id : undefined;
    s.regs[r] = { ...v, num: n };
    if (id !== undefined) {
      s.mapValues((x) => {
        if (x.t !== T.number || x.id !== id || x === s.regs[r]) return x;
        const m = numMeet(payload(x, 'num'), n);
        return m ? { ...x, num: m } : x;
      });
    }
  }

  private learnPacket(s: State, reg: number, c: CmpKind): void {
    const v = known(s.regs, reg, 'register');
    const p = payload(v, 'packet');
    let extra: number | undefined;
    if (c === 'le' || c === 'eq' || (!this.linux && c === 'sle')) extra = 0;
    else if (c === 'lt' || (!this.linux && c === 'slt')) extra = 1;
    if (extra === undefined) return;
    if (Number.isFinite(p.off.lo)) s.pktSize = Math.max(s.pktSize, p.off.lo + extra);
    if (p.sym !== 0 && Number.isFinite(p.k.lo))
      s.ranges.set(p.sym, Math.max(s.ranges.get(p.sym) ?? -Infinity, p.k.lo + extra));
    s.regs[reg] = { ...v, packet: { ...p, room: Math.max(p.room, extra) } };
  }

  private learnMeta(s: State, m: Iv, c: CmpKind): void {
    const extra = c === 'le' || c === 'eq' ? 0 : c === 'lt' ? 1 : undefined;
    if (extra !== undefined && Number.isFinite(m.lo)) s.metaRange = Math.max(s.metaRange, m.lo + extra);
  }

  private assumeNull(s: State, reg: number, zero: boolean): State | undefined {
    const v = known(s.regs, reg, 'register');
    const ids = [v.shared, v.alloc, v.btf]
      .filter((m): m is MemPtr => !!m && m.nullable && m.nullId >= 0)
      .map((m) => m.nullId);
    if (v.fdMaybeNull && v.fdMaybeNull.nullId >= 0) ids.push(v.fdMaybeNull.nullId);
    const apply = (x: Value): Value | undefined => {
      if (zero) {
        let out: Value | undefined = x.t & T.number ? numberValue(constNum(0n)) : undefined;
        if (x.t & T.number && payload(x, 'num').umin > 0n) out = undefined;
        // PREVAIL keeps a NULL inner map typed as a map (only its value is 0); the kernel makes it
        // the number 0.
        const nullMap = !this.linux && x.fdMaybeNull ? restrict(x, MAP_TYPES) : undefined;
        const nullable =
          [x.shared, x.alloc, x.btf].some((m) => m?.nullable) || (x.fdMaybeNull !== undefined && !nullMap);
        if (nullable) out = out ? joinValue(out, constValue(0n)) : constValue(0n);
        if (nullMap) out = out ? joinValue(out, nullMap) : nullMap;
        return out;
      }
      let out = x.t & T.number ? (payload(x, 'num').umax === 0n ? restrict(x, ~T.number) : x) : x;
      if (!out) return undefined;
      const clear = (m: MemPtr): MemPtr => (m.nullable ? { ...m, nullable: false } : m);
      const { fdMaybeNull: _checked, ...rest } = out;
      out = {
        ...rest,
        ...(rest.shared && { shared: clear(rest.shared) }),
        ...(rest.alloc && { alloc: clear(rest.alloc) }),
        ...(rest.btf && { btf: clear(rest.btf) }),
      };
      if (out.t & T.number && payload(out, 'num').umin === 0n) {
        const n = refine64('ne', true, payload(out, 'num'), constNum(0n));
        out = n ? { ...out, num: n[0] } : restrict(out, ~T.number);
      }
      return out;
    };
    const nv = apply(v);
    if (!nv) return undefined;
    s.regs[reg] = cleanValue(nv);
    if (ids.length > 0) {
      s.mapValues((x) => {
        if (x === s.regs[reg]) return x;
        const hit =
          [x.shared, x.alloc, x.btf].some((m) => m && m.nullable && ids.includes(m.nullId)) ||
          (x.fdMaybeNull !== undefined && ids.includes(x.fdMaybeNull.nullId));
        if (!hit) return x;
        return cleanValue(apply(x) ?? x);
      });
      if (zero) s.refs = s.refs.filter((r) => !ids.includes(r));
    }
    return s;
  }
}

/** Pointer types that take part in comparison rules (map fds and funcs are not compared). */
const POINTER_TYPES_CMP = POINTER_TYPES | T.mapFd | T.mapProgs | T.func;

/** The value without its `data_end - pointer` fact (the packet it measured has changed). */
function withoutTillEnd(v: Value): Value {
  const { tillEnd: _gone, ...rest } = v;
  return rest;
}

function cleanValue(v: Value): Value {
  const out: { -readonly [K in keyof Value]: Value[K] } = { ...v };
  for (const k of Object.keys(out) as (keyof Value)[]) if (out[k] === undefined) delete out[k];
  return out;
}

function isZero(v: Value): boolean {
  return v.t === T.number && isConst(payload(v, 'num')) && payload(v, 'num').umin === 0n;
}

function widthRange(w: number): Num {
  return w >= 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(w * 8)) - 1n);
}

function constNumRange(lo: bigint, hi: bigint): Num {
  return lo === hi ? constNum(lo) : { ...NUM_TOP, ...rangeNum(lo, hi) };
}

function rangeNum(lo: bigint, hi: bigint): Num {
  if (lo >= 0n) return fromUnsigned(lo, hi);
  return { smin: lo, smax: hi, umin: 0n, umax: (1n << 64n) - 1n };
}

export function describeNum(n: Num): string {
  if (isConst(n)) return n.smin < 0n ? `${n.smin}` : `${n.umin}`;
  if (n.smin === S64MIN && n.smax === NUM_TOP.smax && n.umin === 0n && n.umax === NUM_TOP.umax)
    return 'any 64-bit value';
  if (n.smin >= 0n || n.smin > -(1n << 62n)) return `[${n.smin}, ${n.smax}]`;
  return `[${n.umin}, ${n.umax}] (unsigned)`;
}

export function describeType(v: Value): string {
  const names: string[] = [];
  if (v.t & T.uninit) names.push('an uninitialised value');
  if (v.t & T.number) names.push(`a number (${describeNum(payload(v, 'num'))})`);
  if (v.t & T.ctx) names.push('the context pointer');
  if (v.t & T.stack) names.push('a stack pointer');
  if (v.t & T.packet) names.push('a packet pointer');
  if (v.t & T.packetEnd) names.push('data_end (packet_end)');
  if (v.t & T.packetMeta) names.push('a packet metadata pointer');
  if (v.t & T.mapFd) names.push('a map');
  if (v.t & T.mapProgs) names.push('a program array map');
  if (v.t & T.shared)
    names.push(payload(v, 'shared').nullable ? 'a map value pointer that may be NULL' : 'a map value pointer');
  if (v.t & T.alloc) names.push('a ring buffer record');
  if (v.t & T.btfId) names.push('a kernel object pointer');
  if (v.t & T.func) names.push('a function');
  if (v.t & T.dynptr) names.push('the read-only dynptr of a bpf_user_ringbuf_drain callback'); // HOOK(dynptr)
  const [only] = names;
  return names.length === 1 && only !== undefined
    ? only
    : `either ${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? 'nothing'}`;
}

function argFailure(r: number, proto: HelperPrototype, what: string, condition: string): FailureInit {
  return {
    code: 'helper-argument',
    message: `argument ${r} of \`${proto.name}\` (r${r}) ${what}`,
    condition,
    regs: [r],
  };
}

export { mayBe, isExit, type HelperArgKind };
