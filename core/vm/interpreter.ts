// The interpreter: one switch on the opcode per instruction over predecoded typed arrays, 64-bit
// registers as (lo, hi) int32 pairs. `execute` runs at most `limit` instructions and returns why it
// stopped; the Execution class (vm.ts) drives it for both the fast run path and the debugger.

import { NO_INSTRUCTION, type CompiledCode, type DecodedInsn } from './compile';
import { BudgetExceeded, VmError, VmFault, type VmLocation } from './errors';
import { bswap16, bswap32, out as int64Out, sdivmod64, slt, udivmod64, ult } from './int64';

// A module-level alias: reading an imported binding goes through an accessor in CommonJS output.
const out = int64Out;
import { HI_BASE, type AddressSpace, type Region } from './memory';
import { regHalves, type RegHalves } from './registers';

export const STACK_SIZE = 512;
export const MAX_CALL_DEPTH = 8;

export const enum Stop {
  /** The entry function returned; r0 holds the result. */
  Exit = 0,
  /** `limit` instructions were executed (a debugger step). */
  Limit = 1,
  /** The next instruction has a breakpoint. */
  Breakpoint = 2,
  /** A callback run by a helper (bpf_loop) returned to the helper. */
  CallbackReturn = 3,
}

/** What the machine needs from its surroundings (packet for ld_abs, tail-call targets). */
export interface MachineEnv {
  /** The packet region and data window for legacy ld_abs/ld_ind, or undefined when there is none. */
  legacyPacket(): { region: Region; start: number; end: number } | undefined;
}

export interface Frame {
  /** Depth 0 = entry function. */
  readonly depth: number;
  /** pc the frame is currently at (for the innermost frame: the machine's pc). */
  readonly pc: number;
  /** Where the callee returns to in this frame (for frames below the top). */
  readonly returnPc: number | undefined;
  readonly code: CompiledCode;
  readonly stack: Region;
}

export class Machine {
  readonly lo: RegHalves = regHalves();
  readonly hi: RegHalves = regHalves();
  pc = 0;
  code: CompiledCode;
  depth = 0;
  /** The deepest call level reached since the last reset (stacks to clear before the next run). */
  deepest = 0;
  /** Per depth: return pc, caller's code, and saved r6..r10 (lo/hi, at their register numbers). */
  readonly retPc = new Int32Array(MAX_CALL_DEPTH);
  readonly frameCode: CompiledCode[] = [];
  readonly savedLo: RegHalves[] = Array.from({ length: MAX_CALL_DEPTH }, () => regHalves());
  readonly savedHi: RegHalves[] = Array.from({ length: MAX_CALL_DEPTH }, () => regHalves());
  readonly stacks: Region[];
  /** Instructions left before BudgetExceeded. */
  budgetLeft: number;
  budget: number;
  /** Total instructions executed in this run (tail-called programs included). */
  executed = 0;
  /** Set by a helper to end the run right after it returns (unwind helper, Linux tail call, ld_abs abort). */
  stopRequest = 0;
  /** A Linux tail call's target, switched to when the helper returns. */
  tailCallTarget: CompiledCode | undefined;
  /** Call depth whose exit returns to a helper (bpf_loop callbacks); -1 when none. */
  private barrier = -1;
  /** Breakpoints: per program (CompiledCode.index), a byte per pc (1 = stop before it). */
  breakpoints: (Uint8Array | undefined)[] | undefined;

  constructor(
    readonly memory: AddressSpace,
    code: CompiledCode,
    budget: number,
    readonly env: MachineEnv,
  ) {
    this.code = code;
    this.budget = budget;
    this.budgetLeft = budget;
    this.stacks = [];
    for (let d = 0; d < MAX_CALL_DEPTH; d++) {
      this.stacks.push(memory.allocate('stack', `stack frame ${d}`, new Uint8Array(STACK_SIZE)));
    }
  }

  /** Reset registers and frames to enter `code` at pc 0 with r1 = (hi, lo) and r10 = top of frame 0. */
  enter(code: CompiledCode, r1hi: number, r1lo: number): void {
    // A loop: a builtin fill call costs more than clearing 11 slots.
    for (let i = 0; i < 11; i++) {
      this.lo[i] = 0;
      this.hi[i] = 0;
    }
    this.code = code;
    this.pc = 0;
    this.depth = 0;
    this.lo[1] = r1lo;
    this.hi[1] = r1hi;
    this.setFrameTop(0);
    this.stopRequest = 0;
    this.tailCallTarget = undefined;
  }

  private setFrameTop(depth: number): void {
    const stack = this.stacks[depth];
    if (stack === undefined) throw new VmError(`no stack frame at call depth ${depth}`, this.location());
    this.lo[10] = STACK_SIZE;
    this.hi[10] = HI_BASE + stack.id;
  }

  /** A call from `depth`: keep the caller's r6..r10 (callee-saved) for its return. */
  private saveCallee(depth: number): void {
    const sl = this.savedLo[depth];
    const sh = this.savedHi[depth];
    if (sl === undefined || sh === undefined)
      throw new VmError(`call depth exceeds ${MAX_CALL_DEPTH} frames`, this.location());
    const L = this.lo;
    const H = this.hi;
    sl[6] = L[6];
    sl[7] = L[7];
    sl[8] = L[8];
    sl[9] = L[9];
    sl[10] = L[10];
    sh[6] = H[6];
    sh[7] = H[7];
    sh[8] = H[8];
    sh[9] = H[9];
    sh[10] = H[10];
  }

  /** The return to `caller` from an exit at `pc`: its r6..r10 back; returns where it continues. */
  private restoreCallee(caller: number, pc: number): number {
    const sl = this.savedLo[caller];
    const sh = this.savedHi[caller];
    const retPc = this.retPc[caller];
    if (sl === undefined || sh === undefined || retPc === undefined)
      throw new VmError(`exit from depth ${caller + 1} has no caller frame`, this.location(pc));
    const L = this.lo;
    const H = this.hi;
    L[6] = sl[6];
    L[7] = sl[7];
    L[8] = sl[8];
    L[9] = sl[9];
    L[10] = sl[10];
    H[6] = sh[6];
    H[7] = sh[7];
    H[8] = sh[8];
    H[9] = sh[9];
    H[10] = sh[10];
    return retPc;
  }

  location(pc = this.pc): VmLocation {
    const source = this.code.program.sourceAt(pc);
    return { pc, program: this.code.program.name, ...(source ? { source } : {}) };
  }

  /** Frames from the entry function (0) to the innermost. */
  frames(): Frame[] {
    const result: Frame[] = [];
    for (let d = 0; d <= this.depth; d++) {
      const inner = d === this.depth;
      const code = inner ? this.code : this.frameCode[d];
      const returnPc = inner ? undefined : this.retPc[d];
      const stack = this.stacks[d];
      if (code === undefined || stack === undefined || (!inner && returnPc === undefined))
        throw new VmError(`call frame ${d} is missing (depth ${this.depth})`, this.location());
      const pc = returnPc === undefined ? this.pc : returnPc - 1;
      result.push({ depth: d, pc, returnPc, code, stack });
    }
    return result;
  }

  fault(pc: number, hi: number, lo: number, size: number, write: boolean, reason?: string): VmFault {
    this.pc = pc;
    const resolved = this.memory.resolve(hi, lo, size, write);
    const address = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    let region: string | undefined;
    let offset: number | undefined;
    let why = reason;
    if (typeof resolved === 'string') {
      why ??= resolved;
      const near = this.memory.nearest(address);
      region = near?.region.name;
      offset = near?.offset;
    } else {
      region = resolved.region.name;
      offset = resolved.offset;
      why ??= `invalid access to ${region}`;
    }
    const verb = write ? 'write' : 'read';
    return new VmFault(`invalid ${size}-byte ${verb}: ${why}`, this.location(pc), region, offset, address, size, write);
  }

  /** Loads that missed the fast path: special regions (ctx) or a fault. Result in lo/hi of `d`. */
  private slowLoad(pc: number, hi: number, lo: number, size: number, d: number, signed: boolean): void {
    const mem = this.memory;
    if (!mem.loadSpecial(hi, lo, size, signed)) throw this.fault(pc, hi, lo, size, false);
    this.lo[d] = mem.loaded[0];
    this.hi[d] = mem.loaded[1];
  }

  private slowStore(pc: number, hi: number, lo: number, size: number, vlo: number, vhi: number): void {
    const r = this.memory.regionOfHi(hi);
    const offset = lo >>> 0;
    if (r && r.special && r.writable && offset >= r.readStart && offset + size <= r.readEnd) {
      let handled: boolean;
      try {
        handled = r.special.store(offset, size, vlo, vhi);
      } catch (reason) {
        throw this.fault(pc, hi, lo, size, true, String(reason));
      }
      if (handled) return;
      storeBytes(r.view, offset, size, vlo, vhi);
      return;
    }
    throw this.fault(pc, hi, lo, size, true);
  }

  /** Atomic read-modify-write (0xc3 / 0xdb). */
  private atomic(pc: number, ins: DecodedInsn): void {
    const d = ins.dst;
    const s = ins.src;
    const o = ins.off;
    const op = ins.imm;
    const wide = ins.op === 0xdb;
    const size = wide ? 8 : 4;
    const L = this.lo;
    const H = this.hi;
    const alo = (L[d] + o) | 0;
    const ahi = (H[d] + (o >> 31) + (alo >>> 0 < L[d] >>> 0 ? 1 : 0)) | 0;
    const resolved = this.memory.resolve(ahi, alo, size, true);
    if (typeof resolved === 'string' || resolved.region.special) throw this.fault(pc, ahi, alo, size, true);
    const v = resolved.region.view;
    const at = resolved.offset;
    const oldLo = v.getInt32(at, true);
    const oldHi = wide ? v.getInt32(at + 4, true) : 0;
    let nLo: number;
    let nHi: number;
    const sl = L[s];
    const sh = wide ? H[s] : 0;
    switch (op & ~1) {
      case 0x00:
        nLo = (oldLo + sl) | 0;
        nHi = (oldHi + sh + (nLo >>> 0 < oldLo >>> 0 ? 1 : 0)) | 0;
        break;
      case 0x40:
        nLo = oldLo | sl;
        nHi = oldHi | sh;
        break;
      case 0x50:
        nLo = oldLo & sl;
        nHi = oldHi & sh;
        break;
      case 0xa0:
        nLo = oldLo ^ sl;
        nHi = oldHi ^ sh;
        break;
      case 0xe0: // xchg (always fetches)
        nLo = sl;
        nHi = sh;
        break;
      case 0xf0: {
        // cmpxchg: compare with r0; r0 receives the old value either way.
        const eq = wide ? oldLo === L[0] && oldHi === H[0] : oldLo === L[0];
        nLo = eq ? sl : oldLo;
        nHi = eq ? sh : oldHi;
        v.setInt32(at, nLo, true);
        if (wide) v.setInt32(at + 4, nHi, true);
        L[0] = oldLo;
        H[0] = oldHi;
        return;
      }
      default:
        throw new VmError(`invalid atomic operation 0x${op.toString(16)}`, this.location(pc));
    }
    v.setInt32(at, nLo, true);
    if (wide) v.setInt32(at + 4, nHi, true);
    if (op & 1) {
      L[s] = oldLo;
      H[s] = oldHi;
    }
  }

  /** Legacy LD_ABS / LD_IND: big-endian load from the packet; out of bounds ends the program with 0. */
  private legacyLoad(pc: number, ins: DecodedInsn): boolean {
    const op = ins.op;
    const size = (op & 0x18) === 0x00 ? 4 : (op & 0x18) === 0x08 ? 2 : 1;
    let offset = ins.imm;
    if ((op & 0xe0) === 0x40) offset = (offset + this.lo[ins.src]) | 0;
    const packet = this.env.legacyPacket();
    if (!packet)
      throw new VmError('ld_abs/ld_ind needs a packet context (socket filter style program)', this.location(pc));
    const at = packet.start + offset;
    for (let r = 1; r <= 5; r++) {
      this.lo[r] = 0;
      this.hi[r] = 0;
    }
    if (offset < 0 || at + size > packet.end) {
      this.lo[0] = 0;
      this.hi[0] = 0;
      return false;
    }
    const v = packet.region.view;
    this.lo[0] = size === 4 ? v.getInt32(at, false) : size === 2 ? v.getUint16(at, false) : v.getUint8(at);
    this.hi[0] = 0;
    return true;
  }

  /**
   * Run up to `limit` instructions from the current pc. Returns why it stopped. Throws VmError /
   * VmFault / BudgetExceeded; the pc then names the failing instruction.
   */
  execute(limit: number): Stop {
    const L = this.lo;
    const H = this.hi;
    const mem = this.memory;
    let code = this.code;
    let INS = code.insns;
    let VIEWS = mem.views;
    let RS = mem.rStart;
    let RE = mem.rEnd;
    let WS = mem.wStart;
    let WE = mem.wEnd;
    let gen = mem.generation;
    let nreg = RS.length;
    const bps = this.breakpoints;
    let bp = bps?.[code.index];
    let pc = this.pc;
    let allowed = Math.min(limit, this.budgetLeft);
    let n = allowed;
    let checkBp = false; // the first instruction is never stopped at (continue from a breakpoint)
    let accounted = false;

    try {
      for (;;) {
        if (bps !== undefined) {
          if (checkBp && bp !== undefined && bp[pc] === 1) {
            accounted = true;
            return this.finish(pc, allowed - n, Stop.Breakpoint);
          }
          checkBp = true;
        }
        if (n === 0) {
          accounted = true;
          this.finish(pc, allowed, Stop.Limit);
          if (this.budgetLeft <= 0) throw new BudgetExceeded(this.budget, this.location(pc));
          return Stop.Limit;
        }
        n--;
        // Every slot of the program has a record; only a pc past the end has none.
        const ins = INS[pc] ?? NO_INSTRUCTION;
        const op = ins.op;
        switch (op) {
          // ---------------- ALU64 ----------------
          case 0x07: {
            const d = ins.dst;
            const a = L[d];
            const b = ins.imm;
            const r = (a + b) | 0;
            H[d] = (H[d] + (b >> 31) + (r >>> 0 < a >>> 0 ? 1 : 0)) | 0;
            L[d] = r;
            pc++;
            break;
          }
          case 0x0f: {
            const d = ins.dst;
            const s = ins.src;
            const a = L[d];
            const r = (a + L[s]) | 0;
            H[d] = (H[d] + H[s] + (r >>> 0 < a >>> 0 ? 1 : 0)) | 0;
            L[d] = r;
            pc++;
            break;
          }
          case 0x17: {
            const d = ins.dst;
            const a = L[d];
            const b = ins.imm;
            L[d] = (a - b) | 0;
            H[d] = (H[d] - (b >> 31) - (a >>> 0 < b >>> 0 ? 1 : 0)) | 0;
            pc++;
            break;
          }
          case 0x1f: {
            const d = ins.dst;
            const s = ins.src;
            const a = L[d];
            const b = L[s];
            L[d] = (a - b) | 0;
            H[d] = (H[d] - H[s] - (a >>> 0 < b >>> 0 ? 1 : 0)) | 0;
            pc++;
            break;
          }
          case 0x27:
          case 0x2f: {
            const d = ins.dst;
            let bl: number, bh: number;
            if (op === 0x27) bh = (bl = ins.imm) >> 31;
            else {
              const s = ins.src;
              bl = L[s];
              bh = H[s];
            }
            const al = L[d];
            const a0 = al & 0xffff;
            const a1 = al >>> 16;
            const b0 = bl & 0xffff;
            const b1 = bl >>> 16;
            const p00 = a0 * b0;
            const p01 = a0 * b1;
            const p10 = a1 * b0;
            const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
            L[d] = (mid << 16) | (p00 & 0xffff);
            H[d] = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(al, bh) + Math.imul(H[d], bl)) | 0;
            pc++;
            break;
          }
          case 0x37:
          case 0x97: {
            const d = ins.dst;
            const b = ins.imm;
            if (ins.off === 1) sdivmod64(L[d], H[d], b, b >> 31, op === 0x97);
            else udivmod64(L[d], H[d], b, b >> 31, op === 0x97);
            L[d] = out[0];
            H[d] = out[1];
            pc++;
            break;
          }
          case 0x3f:
          case 0x9f: {
            const d = ins.dst;
            const s = ins.src;
            if (ins.off === 1) sdivmod64(L[d], H[d], L[s], H[s], op === 0x9f);
            else udivmod64(L[d], H[d], L[s], H[s], op === 0x9f);
            L[d] = out[0];
            H[d] = out[1];
            pc++;
            break;
          }
          case 0x47: {
            const d = ins.dst;
            const b = ins.imm;
            L[d] |= b;
            H[d] |= b >> 31;
            pc++;
            break;
          }
          case 0x4f: {
            const d = ins.dst;
            const s = ins.src;
            L[d] |= L[s];
            H[d] |= H[s];
            pc++;
            break;
          }
          case 0x57: {
            const d = ins.dst;
            const b = ins.imm;
            L[d] &= b;
            H[d] &= b >> 31;
            pc++;
            break;
          }
          case 0x5f: {
            const d = ins.dst;
            const s = ins.src;
            L[d] &= L[s];
            H[d] &= H[s];
            pc++;
            break;
          }
          case 0xa7: {
            const d = ins.dst;
            const b = ins.imm;
            L[d] ^= b;
            H[d] ^= b >> 31;
            pc++;
            break;
          }
          case 0xaf: {
            const d = ins.dst;
            const s = ins.src;
            L[d] ^= L[s];
            H[d] ^= H[s];
            pc++;
            break;
          }
          case 0x67:
          case 0x6f: {
            const d = ins.dst;
            const sh = (op === 0x67 ? ins.imm : L[ins.src]) & 63;
            if (sh >= 32) {
              H[d] = L[d] << (sh - 32);
              L[d] = 0;
            } else if (sh !== 0) {
              H[d] = (H[d] << sh) | (L[d] >>> (32 - sh));
              L[d] = L[d] << sh;
            }
            pc++;
            break;
          }
          case 0x77:
          case 0x7f: {
            const d = ins.dst;
            const sh = (op === 0x77 ? ins.imm : L[ins.src]) & 63;
            if (sh >= 32) {
              L[d] = H[d] >>> (sh - 32);
              H[d] = 0;
            } else if (sh !== 0) {
              L[d] = (L[d] >>> sh) | (H[d] << (32 - sh));
              H[d] = H[d] >>> sh;
            }
            pc++;
            break;
          }
          case 0xc7:
          case 0xcf: {
            const d = ins.dst;
            const sh = (op === 0xc7 ? ins.imm : L[ins.src]) & 63;
            if (sh >= 32) {
              L[d] = H[d] >> (sh - 32);
              H[d] = H[d] >> 31;
            } else if (sh !== 0) {
              L[d] = (L[d] >>> sh) | (H[d] << (32 - sh));
              H[d] = H[d] >> sh;
            }
            pc++;
            break;
          }
          case 0x87: {
            const d = ins.dst;
            const a = L[d];
            L[d] = -a | 0;
            H[d] = (~H[d] + (a === 0 ? 1 : 0)) | 0;
            pc++;
            break;
          }
          case 0xb7: {
            const d = ins.dst;
            const b = ins.imm;
            L[d] = b;
            H[d] = b >> 31;
            pc++;
            break;
          }
          case 0xbf: {
            const d = ins.dst;
            const s = ins.src;
            switch (ins.off) {
              case 0:
                L[d] = L[s];
                H[d] = H[s];
                break;
              case 8:
                L[d] = (L[s] << 24) >> 24;
                H[d] = L[d] >> 31;
                break;
              case 16:
                L[d] = (L[s] << 16) >> 16;
                H[d] = L[d] >> 31;
                break;
              default:
                L[d] = L[s];
                H[d] = L[s] >> 31;
                break;
            }
            pc++;
            break;
          }
          case 0xd7: {
            const d = ins.dst;
            const w = ins.imm;
            if (w === 16) {
              L[d] = bswap16(L[d]);
              H[d] = 0;
            } else if (w === 32) {
              L[d] = bswap32(L[d]);
              H[d] = 0;
            } else {
              const l = L[d];
              L[d] = bswap32(H[d]);
              H[d] = bswap32(l);
            }
            pc++;
            break;
          }
          // ---------------- ALU32 (results zero-extended) ----------------
          case 0x04:
          case 0x0c: {
            const d = ins.dst;
            L[d] = (L[d] + (op === 0x04 ? ins.imm : L[ins.src])) | 0;
            H[d] = 0;
            pc++;
            break;
          }
          case 0x14:
          case 0x1c: {
            const d = ins.dst;
            L[d] = (L[d] - (op === 0x14 ? ins.imm : L[ins.src])) | 0;
            H[d] = 0;
            pc++;
            break;
          }
          case 0x24:
          case 0x2c: {
            const d = ins.dst;
            L[d] = Math.imul(L[d], op === 0x24 ? ins.imm : L[ins.src]);
            H[d] = 0;
            pc++;
            break;
          }
          case 0x34:
          case 0x3c:
          case 0x94:
          case 0x9c: {
            const d = ins.dst;
            const b = (op & 0x08) === 0 ? ins.imm : L[ins.src];
            const a = L[d];
            const isMod = (op & 0xf0) === 0x90;
            let r: number;
            if (b === 0) r = isMod ? a : 0;
            else if (ins.off === 1) r = isMod ? a % b : Math.trunc(a / b);
            else r = isMod ? (a >>> 0) % (b >>> 0) : Math.floor((a >>> 0) / (b >>> 0));
            L[d] = r | 0;
            H[d] = 0;
            pc++;
            break;
          }
          case 0x44:
          case 0x4c: {
            const d = ins.dst;
            L[d] |= op === 0x44 ? ins.imm : L[ins.src];
            H[d] = 0;
            pc++;
            break;
          }
          case 0x54:
          case 0x5c: {
            const d = ins.dst;
            L[d] &= op === 0x54 ? ins.imm : L[ins.src];
            H[d] = 0;
            pc++;
            break;
          }
          case 0xa4:
          case 0xac: {
            const d = ins.dst;
            L[d] ^= op === 0xa4 ? ins.imm : L[ins.src];
            H[d] = 0;
            pc++;
            break;
          }
          case 0x64:
          case 0x6c: {
            const d = ins.dst;
            L[d] = L[d] << ((op === 0x64 ? ins.imm : L[ins.src]) & 31);
            H[d] = 0;
            pc++;
            break;
          }
          case 0x74:
          case 0x7c: {
            const d = ins.dst;
            L[d] = L[d] >>> ((op === 0x74 ? ins.imm : L[ins.src]) & 31);
            H[d] = 0;
            pc++;
            break;
          }
          case 0xc4:
          case 0xcc: {
            const d = ins.dst;
            L[d] = L[d] >> ((op === 0xc4 ? ins.imm : L[ins.src]) & 31);
            H[d] = 0;
            pc++;
            break;
          }
          case 0x84: {
            const d = ins.dst;
            L[d] = -L[d] | 0;
            H[d] = 0;
            pc++;
            break;
          }
          case 0xb4: {
            const d = ins.dst;
            L[d] = ins.imm;
            H[d] = 0;
            pc++;
            break;
          }
          case 0xbc: {
            const d = ins.dst;
            const v = L[ins.src];
            const o = ins.off;
            L[d] = o === 8 ? (v << 24) >> 24 : o === 16 ? (v << 16) >> 16 : v;
            H[d] = 0;
            pc++;
            break;
          }
          case 0xd4: {
            const d = ins.dst;
            const w = ins.imm;
            if (w === 16) {
              L[d] &= 0xffff;
              H[d] = 0;
            } else if (w === 32) {
              H[d] = 0;
            }
            pc++;
            break;
          }
          case 0xdc: {
            const d = ins.dst;
            const w = ins.imm;
            if (w === 16) {
              L[d] = bswap16(L[d]);
              H[d] = 0;
            } else if (w === 32) {
              L[d] = bswap32(L[d]);
              H[d] = 0;
            } else {
              const l = L[d];
              L[d] = bswap32(H[d]);
              H[d] = bswap32(l);
            }
            pc++;
            break;
          }
          // ---------------- loads ----------------
          case 0x61:
          case 0x69:
          case 0x71:
          case 0x79:
          case 0x81:
          case 0x89:
          case 0x91: {
            const s = ins.src;
            const o = ins.off;
            const base = L[s];
            const alo = (base + o) | 0;
            const ahi = (H[s] + (o >> 31) + (alo >>> 0 < base >>> 0 ? 1 : 0)) | 0;
            const size = op === 0x79 ? 8 : (op & 0x18) === 0 ? 4 : (op & 0x18) === 8 ? 2 : 1;
            const r = (ahi - HI_BASE) | 0;
            const d = ins.dst;
            // Bounds read as absent give the empty range (1, 0), memory.ts's "no fast access".
            const v = r >= 0 && r < nreg && alo >= (RS[r] ?? 1) && alo + size <= (RE[r] ?? 0) ? VIEWS[r] : undefined;
            if (v !== undefined) {
              switch (op) {
                case 0x61:
                  L[d] = v.getInt32(alo, true);
                  H[d] = 0;
                  break;
                case 0x69:
                  L[d] = v.getUint16(alo, true);
                  H[d] = 0;
                  break;
                case 0x71:
                  L[d] = v.getUint8(alo);
                  H[d] = 0;
                  break;
                case 0x79:
                  L[d] = v.getInt32(alo, true);
                  H[d] = v.getInt32(alo + 4, true);
                  break;
                case 0x81:
                  L[d] = v.getInt32(alo, true);
                  H[d] = L[d] >> 31;
                  break;
                case 0x89:
                  L[d] = v.getInt16(alo, true);
                  H[d] = L[d] >> 31;
                  break;
                default:
                  L[d] = v.getInt8(alo);
                  H[d] = L[d] >> 31;
                  break;
              }
            } else {
              this.slowLoad(pc, ahi, alo, size, d, op >= 0x80);
            }
            pc++;
            break;
          }
          // ---------------- stores ----------------
          case 0x62:
          case 0x6a:
          case 0x72:
          case 0x7a:
          case 0x63:
          case 0x6b:
          case 0x73:
          case 0x7b: {
            const d = ins.dst;
            const o = ins.off;
            const base = L[d];
            const alo = (base + o) | 0;
            const ahi = (H[d] + (o >> 31) + (alo >>> 0 < base >>> 0 ? 1 : 0)) | 0;
            const sz = op & 0x18;
            const size = sz === 0x18 ? 8 : sz === 0 ? 4 : sz === 8 ? 2 : 1;
            let vlo: number;
            let vhi: number;
            if ((op & 7) === 2) {
              vlo = ins.imm;
              vhi = vlo >> 31;
            } else {
              const s = ins.src;
              vlo = L[s];
              vhi = H[s];
            }
            const r = (ahi - HI_BASE) | 0;
            const v = r >= 0 && r < nreg && alo >= (WS[r] ?? 1) && alo + size <= (WE[r] ?? 0) ? VIEWS[r] : undefined;
            if (v !== undefined) {
              switch (size) {
                case 4:
                  v.setInt32(alo, vlo, true);
                  break;
                case 2:
                  v.setInt16(alo, vlo, true);
                  break;
                case 1:
                  v.setInt8(alo, vlo);
                  break;
                default:
                  v.setInt32(alo, vlo, true);
                  v.setInt32(alo + 4, vhi, true);
                  break;
              }
            } else {
              this.slowStore(pc, ahi, alo, size, vlo, vhi);
            }
            pc++;
            break;
          }
          case 0xc3:
          case 0xdb:
            this.atomic(pc, ins);
            pc++;
            break;
          case 0x18: {
            const d = ins.dst;
            L[d] = ins.imm;
            H[d] = ins.imm2;
            pc += 2;
            break;
          }
          case 0x20:
          case 0x28:
          case 0x30:
          case 0x40:
          case 0x48:
          case 0x50:
            if (!this.legacyLoad(pc, ins)) {
              // Out of bounds: the program ends and returns 0, whatever the call depth.
              this.depth = 0;
              accounted = true;
              return this.finish(pc, allowed - n, Stop.Exit);
            }
            pc++;
            break;
          // ---------------- jumps ----------------
          case 0x05:
            pc += ins.off + 1;
            break;
          case 0x06:
            pc += ins.imm + 1;
            break;
          case 0x15:
          case 0x1d: {
            const d = ins.dst;
            let bl: number, bh: number;
            if (op === 0x15) bh = (bl = ins.imm) >> 31;
            else {
              const s = ins.src;
              bl = L[s];
              bh = H[s];
            }
            pc += L[d] === bl && H[d] === bh ? ins.off + 1 : 1;
            break;
          }
          case 0x55:
          case 0x5d: {
            const d = ins.dst;
            let bl: number, bh: number;
            if (op === 0x55) bh = (bl = ins.imm) >> 31;
            else {
              const s = ins.src;
              bl = L[s];
              bh = H[s];
            }
            pc += L[d] !== bl || H[d] !== bh ? ins.off + 1 : 1;
            break;
          }
          case 0x45:
          case 0x4d: {
            const d = ins.dst;
            let bl: number, bh: number;
            if (op === 0x45) bh = (bl = ins.imm) >> 31;
            else {
              const s = ins.src;
              bl = L[s];
              bh = H[s];
            }
            pc += (L[d] & bl) !== 0 || (H[d] & bh) !== 0 ? ins.off + 1 : 1;
            break;
          }
          case 0x25:
          case 0x2d:
          case 0x35:
          case 0x3d:
          case 0xa5:
          case 0xad:
          case 0xb5:
          case 0xbd:
          case 0x65:
          case 0x6d:
          case 0x75:
          case 0x7d:
          case 0xc5:
          case 0xcd:
          case 0xd5:
          case 0xdd: {
            const d = ins.dst;
            let bl: number, bh: number;
            if ((op & 0x08) === 0) bh = (bl = ins.imm) >> 31;
            else {
              const s = ins.src;
              bl = L[s];
              bh = H[s];
            }
            const al = L[d];
            const ah = H[d];
            let taken: boolean;
            switch (op & 0xf0) {
              case 0x20:
                taken = ult(bh, bl, ah, al);
                break;
              case 0x30:
                taken = !ult(ah, al, bh, bl);
                break;
              case 0xa0:
                taken = ult(ah, al, bh, bl);
                break;
              case 0xb0:
                taken = !ult(bh, bl, ah, al);
                break;
              case 0x60:
                taken = slt(bh, bl, ah, al);
                break;
              case 0x70:
                taken = !slt(ah, al, bh, bl);
                break;
              case 0xc0:
                taken = slt(ah, al, bh, bl);
                break;
              default:
                taken = !slt(bh, bl, ah, al);
                break;
            }
            pc += taken ? ins.off + 1 : 1;
            break;
          }
          case 0x16:
          case 0x1e:
          case 0x26:
          case 0x2e:
          case 0x36:
          case 0x3e:
          case 0x46:
          case 0x4e:
          case 0x56:
          case 0x5e:
          case 0x66:
          case 0x6e:
          case 0x76:
          case 0x7e:
          case 0xa6:
          case 0xae:
          case 0xb6:
          case 0xbe:
          case 0xc6:
          case 0xce:
          case 0xd6:
          case 0xde: {
            const a = L[ins.dst];
            const b = (op & 0x08) === 0 ? ins.imm : L[ins.src];
            let taken: boolean;
            switch (op & 0xf0) {
              case 0x10:
                taken = a === b;
                break;
              case 0x50:
                taken = a !== b;
                break;
              case 0x40:
                taken = (a & b) !== 0;
                break;
              case 0x20:
                taken = a >>> 0 > b >>> 0;
                break;
              case 0x30:
                taken = a >>> 0 >= b >>> 0;
                break;
              case 0xa0:
                taken = a >>> 0 < b >>> 0;
                break;
              case 0xb0:
                taken = a >>> 0 <= b >>> 0;
                break;
              case 0x60:
                taken = a > b;
                break;
              case 0x70:
                taken = a >= b;
                break;
              case 0xc0:
                taken = a < b;
                break;
              default:
                taken = a <= b;
                break;
            }
            pc += taken ? ins.off + 1 : 1;
            break;
          }
          case 0x85:
          case 0x8d: {
            let kind = ins.src;
            let target = 0;
            if (op === 0x8d) {
              // callx: a function address (lddw src=4) or, in the conformance convention, a helper id.
              const d = ins.dst;
              const fn = this.functionPcOf(H[d], L[d]);
              if (fn >= 0) {
                kind = 1;
                target = fn;
              } else {
                kind = 0;
                target = L[d];
              }
            } else if (kind === 1) {
              target = pc + 1 + ins.imm;
            }
            if (kind === 1) {
              const depth = this.depth;
              if (depth + 1 >= MAX_CALL_DEPTH) {
                this.pc = pc;
                throw new VmError(
                  `call depth exceeds ${MAX_CALL_DEPTH} frames (bpf-to-bpf calls nest too deep)`,
                  this.location(pc),
                );
              }
              if (target < 0 || target >= code.slotCount) {
                this.pc = pc;
                throw new VmError(`call target pc ${target} is outside the program`, this.location(pc));
              }
              this.saveCallee(depth);
              this.retPc[depth] = pc + 1;
              this.frameCode[depth] = code;
              this.depth = depth + 1;
              if (depth + 1 > this.deepest) this.deepest = depth + 1;
              this.setFrameTop(depth + 1);
              pc = target;
              break;
            }
            if (kind === 2) {
              this.pc = pc;
              throw new VmError(
                `calls of kernel functions (kfunc, BTF id ${ins.imm}) are not supported by the VM`,
                this.location(pc),
              );
            }
            const helper = op === 0x8d ? this.helperById(target) : code.helpers[pc];
            this.pc = pc;
            if (helper === undefined) throw this.unknownHelper(op === 0x8d ? target : ins.imm, pc);
            const before = this.budgetLeft;
            helper(this);
            if (this.budgetLeft !== before) {
              // The helper ran callbacks (bpf_loop): they used budget this loop has not counted.
              const left = this.budgetLeft - (allowed - n);
              if (left < n) {
                const cut = n - Math.max(0, left);
                n -= cut;
                allowed -= cut;
              }
            }
            if (mem.generation !== gen) {
              VIEWS = mem.views;
              RS = mem.rStart;
              RE = mem.rEnd;
              WS = mem.wStart;
              WE = mem.wEnd;
              gen = mem.generation;
              nreg = RS.length;
            } else {
              VIEWS = mem.views;
            }
            if (this.stopRequest !== 0) {
              this.stopRequest = 0;
              const target2 = this.tailCallTarget;
              if (target2 !== undefined) {
                // Linux tail call: the target replaces the current function in place.
                this.tailCallTarget = undefined;
                code = target2;
                this.code = code;
                INS = code.insns;
                bp = bps?.[code.index];
                pc = 0;
                break;
              }
              this.depth = 0;
              accounted = true;
              return this.finish(pc, allowed - n, Stop.Exit);
            }
            pc++;
            break;
          }
          case 0x95: {
            const depth = this.depth;
            if (depth === 0) {
              accounted = true;
              return this.finish(pc, allowed - n, Stop.Exit);
            }
            const caller = depth - 1;
            const callerCode = this.frameCode[caller];
            if (callerCode === undefined)
              throw new VmError(`exit from depth ${depth} has no caller frame`, this.location(pc));
            pc = this.restoreCallee(caller, pc);
            this.depth = caller;
            if (depth === this.barrier) {
              accounted = true;
              return this.finish(pc, allowed - n, Stop.CallbackReturn);
            }
            if (callerCode !== code) {
              code = callerCode;
              this.code = code;
              INS = code.insns;
              bp = bps?.[code.index];
            }
            break;
          }
          default:
            this.pc = pc;
            if (pc >= code.slotCount)
              throw new VmError('execution fell off the end of the program (no exit)', this.location(pc));
            throw new VmError(
              `invalid instruction 0x${op.toString(16).padStart(2, '0')} (not an instruction start)`,
              this.location(pc),
            );
        }
      }
    } catch (e) {
      // Keep the accounting right for the debugger; the pc names the failing instruction.
      if (!accounted) {
        this.pc = pc;
        const used = allowed - n;
        this.executed += used;
        this.budgetLeft -= used;
      }
      throw e;
    }
  }

  /**
   * Call the BPF function at `targetPc` (a callback of bpf_loop / for_each_map_elem) with r1..r5 =
   * args, as a bpf-to-bpf call from the current frame, and return its r0 (low 32 bits, signed).
   */
  callback(targetPc: number, args: readonly [number, number][]): number {
    const depth = this.depth;
    const pc = this.pc;
    if (depth + 1 >= MAX_CALL_DEPTH)
      throw new VmError(`call depth exceeds ${MAX_CALL_DEPTH} frames (callback)`, this.location(pc));
    if (targetPc < 0 || targetPc >= this.code.slotCount)
      throw new VmError(`callback pc ${targetPc} is outside the program`, this.location(pc));
    this.saveCallee(depth);
    // As for a call instruction, the frame below shows the helper call at retPc - 1.
    this.retPc[depth] = pc + 1;
    this.frameCode[depth] = this.code;
    this.depth = depth + 1;
    if (depth + 1 > this.deepest) this.deepest = depth + 1;
    this.setFrameTop(depth + 1);
    args.forEach(([lo, hi], i) => {
      this.lo[1 + i] = lo;
      this.hi[1 + i] = hi;
    });
    const outer = this.barrier;
    const breakpoints = this.breakpoints;
    this.barrier = depth + 1;
    this.breakpoints = undefined;
    this.pc = targetPc;
    try {
      for (;;) {
        const stop = this.execute(Number.MAX_SAFE_INTEGER);
        if (stop === Stop.CallbackReturn) break;
        if (stop === Stop.Exit) throw new VmError('the program ended inside a callback', this.location());
      }
    } finally {
      this.barrier = outer;
      this.breakpoints = breakpoints;
    }
    this.pc = pc;
    return this.lo[0];
  }

  private finish(pc: number, used: number, stop: Stop): Stop {
    this.pc = pc;
    this.executed += used;
    this.budgetLeft -= used;
    return stop;
  }

  /** Set by the execution: resolve callx targets and helper ids at run time. */
  helperById: (id: number) => ((m: Machine) => void) | undefined = () => undefined;
  functionPcOf: (hi: number, lo: number) => number = () => -1;
  unknownHelper: (id: number, pc: number) => VmError = (id, pc) =>
    new VmError(`unknown helper ${id}`, this.location(pc));
}

export function storeBytes(v: DataView, offset: number, size: number, lo: number, hi: number): void {
  switch (size) {
    case 1:
      v.setInt8(offset, lo);
      break;
    case 2:
      v.setInt16(offset, lo, true);
      break;
    case 4:
      v.setInt32(offset, lo, true);
      break;
    default:
      v.setInt32(offset, lo, true);
      v.setInt32(offset + 4, hi, true);
  }
}
