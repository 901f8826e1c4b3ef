// The fast tier of Vm.run: a program's code becomes one JavaScript function (registers as local
// int32 pairs, one `case` per basic block), which V8 then compiles to machine code. It covers the
// common path only — ALU, jumps, fast-path loads and stores, helper calls at call depth 0 — and
// hands everything else to the interpreter, which stays the reference: an instruction the tier does
// not inline is run by `Machine.execute(1)`, and anything that leaves depth 0 (a bpf-to-bpf call),
// a budget that may run out inside a block, or a jump to a non-instruction hands the machine over at
// that pc with registers, pc and instruction counts exactly as the interpreter would have them.
// The debugger never uses this tier (it steps the interpreter).

import type { HelperPrototype } from '../platform/types';
import { NO_INSTRUCTION, type CompiledCode, type DecodedInsn } from './compile';
import type { HelperImpl } from './helpers';
import { type Machine } from './interpreter';
import { HI_BASE } from './memory';
import type { Vm } from './vm';

/** A built-in helper the tier calls directly (no wrapper closure between the call site and it). */
export interface DirectHelper {
  readonly impl: HelperImpl;
  readonly proto: HelperPrototype;
}

/** What a tier function returns. */
export const enum TierStop {
  /** The program exited (r0 holds the result). */
  Exit = 0,
  /** Continue with the interpreter at m.pc. */
  Interpret = 1,
  /** A Linux tail call switched m.code (pc 0): start over with the new code. */
  Restart = 2,
}

export type TierFunction = (m: Machine) => TierStop;

/** Programs larger than this stay interpreted (V8 does not optimise very large functions). */
export const TIER_MAX_SLOTS = 4096;

const R = Array.from({ length: 11 }, (_, i) => i);

/**
 * Memory accesses of one block through one base register that nothing changes between them: one
 * check of the union of their ranges ([base+min, base+max)) stands for all of theirs (bounds do
 * not change inside a block: only helpers move them, and a call ends a block). Where it fails,
 * each access is checked on its own, as without the group.
 */
interface AccessGroup {
  readonly base: number;
  /** pc of the first access (it makes the check; names its constants). */
  readonly first: number;
  min: number;
  max: number;
  writes: boolean;
  count: number;
}

/** The size of a load (positive) or store (negative) instruction the tier inlines, else 0. */
function accessSize(op: number): number {
  switch (op) {
    case 0x61:
    case 0x81:
      return 4;
    case 0x69:
    case 0x89:
      return 2;
    case 0x71:
    case 0x91:
      return 1;
    case 0x79:
      return 8;
    case 0x62:
    case 0x63:
      return -4;
    case 0x6a:
    case 0x6b:
      return -2;
    case 0x72:
    case 0x73:
      return -1;
    case 0x7a:
    case 0x7b:
      return -8;
    default:
      return 0;
  }
}

/** The record at `pc`; a pc past the end reads as no instruction, as in the interpreter. */
function insnAt(code: CompiledCode, pc: number): DecodedInsn {
  return code.insns[pc] ?? NO_INSTRUCTION;
}

/** The access groups of a block with three or more accesses, by the pc of each member. */
function accessGroups(code: CompiledCode, block: readonly number[]): Map<number, AccessGroup> {
  const open = new Map<number, AccessGroup>();
  const member = new Map<number, AccessGroup>();
  for (const at of block) {
    const insn = insnAt(code, at);
    const op = insn.op;
    const size = accessSize(op);
    if (size !== 0) {
      const base = size > 0 ? insn.src : insn.dst;
      const off = insn.off;
      let g = open.get(base);
      if (g === undefined) {
        g = { base, first: at, min: off, max: off + Math.abs(size), writes: false, count: 0 };
        open.set(base, g);
      }
      g.min = Math.min(g.min, off);
      g.max = Math.max(g.max, off + Math.abs(size));
      g.writes ||= size < 0;
      g.count++;
      member.set(at, g);
    }
    const cls = op & 7;
    // A register written ends its group (a load into its own base belongs to the group first).
    if (cls === 0 || cls === 1 || cls === 4 || cls === 7) open.delete(insn.dst);
    else if (cls !== 2 && cls !== 3) open.clear();
  }
  for (const [at, g] of member) if (g.count < 3) member.delete(at);
  return member;
}

/** Leaders of basic blocks: entry, jump targets, and instructions after jumps, calls and exits. */
function blockLeaders(code: CompiledCode): Set<number> {
  const leaders = new Set<number>([0]);
  const n = code.slotCount;
  for (let pc = 0; pc < n; pc++) {
    const insn = insnAt(code, pc);
    const op = insn.op;
    if (op === 0) continue;
    const cls = op & 7;
    const next = pc + (op === 0x18 ? 2 : 1);
    if (cls === 5 || cls === 6) {
      const sub = op & 0xf0;
      if (op === 0x85 || op === 0x8d || op === 0x95) {
        leaders.add(next);
      } else {
        const target = pc + 1 + (op === 0x06 ? insn.imm : insn.off);
        leaders.add(target);
        leaders.add(next);
        void sub;
      }
    } else if (!isInlined(op)) {
      // Instructions run by the interpreter end a block (they may not come back).
      leaders.add(next);
    }
  }
  return leaders;
}

/** Opcodes the tier writes out itself; every other one is run by Machine.execute(1). */
function isInlined(op: number): boolean {
  switch (op) {
    case 0x37:
    case 0x3f:
    case 0x97:
    case 0x9f: // 64-bit division: rare, exact in the interpreter
    case 0xc3:
    case 0xdb: // atomics
    case 0x20:
    case 0x28:
    case 0x30:
    case 0x40:
    case 0x48:
    case 0x50: // legacy packet loads
    case 0x8d: // callx
      return false;
    default:
      return true;
  }
}

/**
 * Compile `code` to a tier function, or undefined when it is too large for the tier.
 * `registerOnlyHelper(id)` gives the built-in implementation of helper `id` when it reads no
 * register but r1..r5 and writes none but r0 (it runs no BPF callback), so a call needs to hand
 * over only those and can call it directly with `vm`.
 */
export function compileTier(
  code: CompiledCode,
  vm: Vm,
  registerOnlyHelper: (id: number) => DirectHelper | undefined,
): TierFunction | undefined {
  const n = code.slotCount;
  if (n > TIER_MAX_SLOTS) return undefined;
  const leaders = blockLeaders(code);
  const impls: (HelperImpl | undefined)[] = [];
  const protos: (HelperPrototype | undefined)[] = [];
  const lines: string[] = [];
  const emit = (s: string): void => {
    lines.push(s);
  };
  const saveRegs = R.map((i) => `L[${i}]=l${i};H[${i}]=h${i};`).join('');
  const loadRegs = R.map((i) => `l${i}=L[${i}];h${i}=H[${i}];`).join('');
  const reloadTables = `if(M.generation!==gen){RS=M.rStart;RE=M.rEnd;WS=M.wStart;WE=M.wEnd;NREG=RS.length;gen=M.generation;}`;
  /** Hand the state to the machine at `pc`, with `uncount` block instructions not yet executed. */
  const flush = (pc: number, uncount: number): string =>
    `left+=${uncount};m.executed+=entry-left;m.budgetLeft=left;entry=left;m.pc=${pc};${saveRegs}`;
  /** Take the state back after the machine ran, `precount` instructions of the block ahead. */
  const resume = (precount: number): string => `entry=m.budgetLeft;left=entry-${precount};${loadRegs}${reloadTables}`;
  /** Leave for the interpreter at `pc`, `uncount` block instructions not executed (one shared exit). */
  const bail = (pc: number, uncount: number): string =>
    uncount === 0 ? `{pc=${pc};break dispatch;}` : `{pc=${pc};left+=${uncount};break dispatch;}`;

  emit(`const L=m.lo,H=m.hi,M=m.memory,VIEWS=M.views,LOADED=M.loaded;`);
  emit(`let ${R.map((i) => `l${i}=L[${i}],h${i}=H[${i}]`).join(',')};`);
  emit(`let RS=M.rStart,RE=M.rEnd,WS=M.wStart,WE=M.wEnd,NREG=RS.length,gen=M.generation;`);
  // stop: what the shared exit returns (1: the interpreter carries on at pc; 0: the program exited).
  emit(`let left=m.budgetLeft,entry=left,pc=m.pc,stop=1;`);
  emit(`dispatch: for(;;){switch(pc){`);

  let pc = 0;
  while (pc < n) {
    if (insnAt(code, pc).op === 0) {
      pc++;
      continue;
    }
    // One block: from this leader to the next leader or a terminator.
    const start = pc;
    const block: number[] = [];
    let p = pc;
    let last = pc;
    do {
      last = p;
      block.push(p);
      const op = insnAt(code, p).op;
      p += op === 0x18 ? 2 : 1;
      const cls = op & 7;
      if (cls === 5 || cls === 6 || !isInlined(op)) break;
    } while (p < n && !leaders.has(p) && insnAt(code, p).op !== 0);
    // Braces: the block's constants (access groups) are its own.
    emit(`case ${start}:{`);
    emit(`if(left<${block.length})${bail(start, 0)}left-=${block.length};`);
    const groups = accessGroups(code, block);
    block.forEach((at, i) => emit(instruction(code, at, block.length - 1 - i, groups.get(at))));
    const lastOp = insnAt(code, last).op;
    const lastCls = lastOp & 7;
    const terminal = lastOp === 0x95 || lastOp === 0x05 || lastOp === 0x06;
    if (!terminal && !(lastCls === 5 || lastCls === 6) && isInlined(lastOp)) {
      // Falls into the next block: fine when it is the next case, else let the interpreter say why.
      if (!(p < n && insnAt(code, p).op !== 0)) emit(`pc=${p};break dispatch;`);
    } else if (lastCls === 5 || lastCls === 6 || !isInlined(lastOp)) {
      if (!(p < n && insnAt(code, p).op !== 0) && !terminal) emit(`pc=${p};break dispatch;`);
    }
    emit('}');
    pc = p;
  }
  emit(`default: break dispatch;}}`);
  // The shared exit: registers, pc and counts back to the machine.
  emit(`m.executed+=entry-left;m.budgetLeft=left;m.pc=pc;${saveRegs}return stop;`);

  /**
   * With a group: `fast` when the group's one check passed, else what follows (the checked
   * access). The group's first access makes the check.
   */
  function grouped(group: AccessGroup | undefined, at: number, fast: string): string {
    if (group === undefined) return '';
    const f = group.first;
    const lo = `l${group.base}`;
    const check =
      at !== f
        ? ''
        : `const R${f}=(h${group.base}-${HI_BASE})|0,G${f}=${lo}>=0&&(R${f}>>>0)<NREG&&` +
          `((${lo}+${group.min})|0)>=RS[R${f}]&&${lo}+${group.max}<=RE[R${f}]` +
          (group.writes ? `&&((${lo}+${group.min})|0)>=WS[R${f}]&&${lo}+${group.max}<=WE[R${f}]` : '') +
          `,GV${f}=VIEWS[G${f}?R${f}:0];`;
    return `${check}if(G${f})${fast}else`;
  }

  function instruction(code: CompiledCode, at: number, after: number, group: AccessGroup | undefined): string {
    const insn = insnAt(code, at);
    const op = insn.op;
    const d = insn.dst;
    const s = insn.src;
    const o = insn.off;
    const imm = insn.imm;
    const ld = `l${d}`;
    const hd = `h${d}`;
    const ls = `l${s}`;
    const hs = `h${s}`;
    const bl = op & 0x08 ? ls : `${imm}`;
    const bh = op & 0x08 ? hs : `${imm >> 31}`;
    const next = at + (op === 0x18 ? 2 : 1);
    const jump = (cond: string): string => {
      const target = at + 1 + o;
      return `if(${cond}){pc=${target};continue dispatch;}`;
    };
    /** Run one instruction in the interpreter and carry on (or hand over when it went elsewhere). */
    const viaInterpreter = (): string =>
      `{${flush(at, after + 1)}const s=m.execute(1);if(s===0)return 0;` +
      `if(m.pc!==${next}||m.depth!==0||m.code!==CODE){entry=m.budgetLeft;left=entry;return 1;}${resume(after)}}`;
    switch (op) {
      case 0x07:
      case 0x0f:
        return `{const a=${ld},r=(a+${bl})|0;${hd}=(${hd}+${bh}+((r>>>0)<(a>>>0)?1:0))|0;${ld}=r;}`;
      case 0x17:
      case 0x1f:
        return `{const a=${ld},b=${bl};${ld}=(a-b)|0;${hd}=(${hd}-${bh}-((a>>>0)<(b>>>0)?1:0))|0;}`;
      case 0x27:
      case 0x2f:
        return (
          `{const bl=${bl},bh=${bh},al=${ld},a0=al&0xffff,a1=al>>>16,b0=bl&0xffff,b1=bl>>>16,` +
          `p00=a0*b0,p01=a0*b1,p10=a1*b0,mid=(p00>>>16)+(p01&0xffff)+(p10&0xffff);` +
          `${hd}=(a1*b1+(p01>>>16)+(p10>>>16)+(mid>>>16)+Math.imul(al,bh)+Math.imul(${hd},bl))|0;` +
          `${ld}=(mid<<16)|(p00&0xffff);}`
        );
      case 0x47:
      case 0x4f:
        return `${ld}|=${bl};${hd}|=${bh};`;
      case 0x57:
      case 0x5f:
        return `${ld}&=${bl};${hd}&=${bh};`;
      case 0xa7:
      case 0xaf:
        return `${ld}^=${bl};${hd}^=${bh};`;
      case 0x67:
        return shiftLeft64(ld, hd, imm & 63);
      case 0x77:
        return shiftRight64(ld, hd, imm & 63, '>>>');
      case 0xc7:
        return shiftRight64(ld, hd, imm & 63, '>>');
      case 0x6f:
        return `{const sh=(${bl})&63;if(sh>=32){${hd}=${ld}<<(sh-32);${ld}=0;}else if(sh!==0){${hd}=(${hd}<<sh)|(${ld}>>>(32-sh));${ld}=${ld}<<sh;}}`;
      case 0x7f:
        return `{const sh=(${bl})&63;if(sh>=32){${ld}=${hd}>>>(sh-32);${hd}=0;}else if(sh!==0){${ld}=(${ld}>>>sh)|(${hd}<<(32-sh));${hd}=${hd}>>>sh;}}`;
      case 0xcf:
        return `{const sh=(${bl})&63;if(sh>=32){${ld}=${hd}>>(sh-32);${hd}=${hd}>>31;}else if(sh!==0){${ld}=(${ld}>>>sh)|(${hd}<<(32-sh));${hd}=${hd}>>sh;}}`;
      case 0x87:
        return `{const a=${ld};${ld}=-a|0;${hd}=(~${hd}+(a===0?1:0))|0;}`;
      case 0xb7:
        return `${ld}=${imm};${hd}=${imm >> 31};`;
      case 0xbf:
        if (o === 0) return d === s ? '' : `${ld}=${ls};${hd}=${hs};`;
        if (o === 8) return `${ld}=(${ls}<<24)>>24;${hd}=${ld}>>31;`;
        if (o === 16) return `${ld}=(${ls}<<16)>>16;${hd}=${ld}>>31;`;
        return `${ld}=${ls};${hd}=${ls}>>31;`;
      case 0xd7:
      case 0xdc:
        if (imm === 16) return `${ld}=((${ld}&0xff)<<8)|((${ld}>>>8)&0xff);${hd}=0;`;
        if (imm === 32) return `${ld}=bswap32(${ld});${hd}=0;`;
        return `{const l=${ld};${ld}=bswap32(${hd});${hd}=bswap32(l);}`;
      // ALU32: results zero-extended.
      case 0x04:
      case 0x0c:
        return `${ld}=(${ld}+${bl})|0;${hd}=0;`;
      case 0x14:
      case 0x1c:
        return `${ld}=(${ld}-${bl})|0;${hd}=0;`;
      case 0x24:
      case 0x2c:
        return `${ld}=Math.imul(${ld},${bl});${hd}=0;`;
      case 0x34:
      case 0x3c:
      case 0x94:
      case 0x9c: {
        const isMod = (op & 0xf0) === 0x90;
        const signed = o === 1;
        const calc = signed
          ? isMod
            ? 'a%b'
            : 'Math.trunc(a/b)'
          : isMod
            ? '(a>>>0)%(b>>>0)'
            : 'Math.floor((a>>>0)/(b>>>0))';
        return `{const a=${ld},b=${bl};${ld}=(b===0?${isMod ? 'a' : '0'}:${calc})|0;${hd}=0;}`;
      }
      case 0x44:
      case 0x4c:
        return `${ld}|=${bl};${hd}=0;`;
      case 0x54:
      case 0x5c:
        return `${ld}&=${bl};${hd}=0;`;
      case 0xa4:
      case 0xac:
        return `${ld}^=${bl};${hd}=0;`;
      case 0x64:
      case 0x6c:
        return `${ld}=${ld}<<((${bl})&31);${hd}=0;`;
      case 0x74:
      case 0x7c:
        return `${ld}=${ld}>>>((${bl})&31);${hd}=0;`;
      case 0xc4:
      case 0xcc:
        return `${ld}=${ld}>>((${bl})&31);${hd}=0;`;
      case 0x84:
        return `${ld}=-${ld}|0;${hd}=0;`;
      case 0xb4:
        return `${ld}=${imm};${hd}=0;`;
      case 0xbc:
        return o === 8
          ? `${ld}=(${ls}<<24)>>24;${hd}=0;`
          : o === 16
            ? `${ld}=(${ls}<<16)>>16;${hd}=0;`
            : `${ld}=${ls};${hd}=0;`;
      case 0xd4:
        if (imm === 16) return `${ld}&=0xffff;${hd}=0;`;
        if (imm === 32) return `${hd}=0;`;
        return '';
      case 0x18:
        return `${ld}=${imm};${hd}=${insn.imm2};`;
      case 0x61:
      case 0x69:
      case 0x71:
      case 0x79:
      case 0x81:
      case 0x89:
      case 0x91: {
        const size = op === 0x79 ? 8 : (op & 0x18) === 0 ? 4 : (op & 0x18) === 8 ? 2 : 1;
        const read: Record<number, string> = {
          0x61: `${ld}=v.getInt32(alo,true);${hd}=0;`,
          0x69: `${ld}=v.getUint16(alo,true);${hd}=0;`,
          0x71: `${ld}=v.getUint8(alo);${hd}=0;`,
          0x79: `${ld}=v.getInt32(alo,true);${hd}=v.getInt32(alo+4,true);`,
          0x81: `${ld}=v.getInt32(alo,true);${hd}=${ld}>>31;`,
          0x89: `${ld}=v.getInt16(alo,true);${hd}=${ld}>>31;`,
          0x91: `${ld}=v.getInt8(alo);${hd}=${ld}>>31;`,
        };
        return (
          grouped(group, at, `{const alo=(${ls}+${o})|0,v=GV${group?.first ?? 0};${read[op]}}`) +
          `{const alo=(${ls}+${o})|0,r=(${hs}-${HI_BASE})|0;` +
          `if(${ls}>=0&&(r>>>0)<NREG&&alo>=RS[r]&&alo+${size}<=RE[r]){const v=VIEWS[r];${read[op]}}` +
          `else if(M.loadSpecial(${carried(ls, hs, o)},alo,${size},${op >= 0x80})){${ld}=LOADED[0];${hd}=LOADED[1];}` +
          // A fault: the interpreter runs the load again and reports it.
          `else${bail(at, after + 1)}}`
        );
      }
      case 0x62:
      case 0x6a:
      case 0x72:
      case 0x7a:
      case 0x63:
      case 0x6b:
      case 0x73:
      case 0x7b: {
        const sz = op & 0x18;
        const size = sz === 0x18 ? 8 : sz === 0 ? 4 : sz === 8 ? 2 : 1;
        const vlo = (op & 7) === 2 ? `${imm}` : ls;
        const vhi = (op & 7) === 2 ? `${imm >> 31}` : hs;
        const write =
          size === 4
            ? `v.setInt32(alo,${vlo},true);`
            : size === 2
              ? `v.setInt16(alo,${vlo},true);`
              : size === 1
                ? `v.setInt8(alo,${vlo});`
                : `v.setInt32(alo,${vlo},true);v.setInt32(alo+4,${vhi},true);`;
        return (
          grouped(group, at, `{const alo=(${ld}+${o})|0,v=GV${group?.first ?? 0};${write}}`) +
          `{const alo=(${ld}+${o})|0,r=(${hd}-${HI_BASE})|0;` +
          `if(${ld}>=0&&(r>>>0)<NREG&&alo>=WS[r]&&alo+${size}<=WE[r]){const v=VIEWS[r];${write}}` +
          // A ctx field or a fault: the interpreter takes over from this store.
          `else${bail(at, after + 1)}}`
        );
      }
      case 0x05:
        return `pc=${at + 1 + o};continue dispatch;`;
      case 0x06:
        return `pc=${at + 1 + imm};continue dispatch;`;
      case 0x15:
      case 0x1d:
        return jump(`${ld}===${bl}&&${hd}===${bh}`);
      case 0x55:
      case 0x5d:
        return jump(`${ld}!==${bl}||${hd}!==${bh}`);
      case 0x45:
      case 0x4d:
        return jump(`(${ld}&${bl})!==0||(${hd}&${bh})!==0`);
      case 0x25:
      case 0x2d:
        return jump(`ult(${bh},${bl},${hd},${ld})`);
      case 0x35:
      case 0x3d:
        return jump(`!ult(${hd},${ld},${bh},${bl})`);
      case 0xa5:
      case 0xad:
        return jump(`ult(${hd},${ld},${bh},${bl})`);
      case 0xb5:
      case 0xbd:
        return jump(`!ult(${bh},${bl},${hd},${ld})`);
      case 0x65:
      case 0x6d:
        return jump(`slt(${bh},${bl},${hd},${ld})`);
      case 0x75:
      case 0x7d:
        return jump(`!slt(${hd},${ld},${bh},${bl})`);
      case 0xc5:
      case 0xcd:
        return jump(`slt(${hd},${ld},${bh},${bl})`);
      case 0xd5:
      case 0xdd:
        return jump(`!slt(${bh},${bl},${hd},${ld})`);
      default:
        break;
    }
    if ((op & 7) === 6 && op !== 0x06) {
      // JMP32: compare the low halves.
      const a = ld;
      const b = bl;
      const cond: Record<number, string> = {
        0x10: `${a}===${b}`,
        0x50: `${a}!==${b}`,
        0x40: `(${a}&${b})!==0`,
        0x20: `(${a}>>>0)>(${b}>>>0)`,
        0x30: `(${a}>>>0)>=(${b}>>>0)`,
        0xa0: `(${a}>>>0)<(${b}>>>0)`,
        0xb0: `(${a}>>>0)<=(${b}>>>0)`,
        0x60: `${a}>${b}`,
        0x70: `${a}>=${b}`,
        0xc0: `${a}<${b}`,
        0xd0: `${a}<=${b}`,
      };
      const c = cond[op & 0xf0];
      if (c !== undefined) return jump(c);
    }
    if (op === 0x95)
      // The tier runs at call depth 0 only, so exit ends the program.
      return `pc=${at};stop=0;break dispatch;`;
    if (op === 0x85 && s === 0 && code.helpers[at] !== undefined) {
      const direct = registerOnlyHelper(imm);
      if (direct !== undefined) {
        impls[at] = direct.impl;
        protos[at] = direct.proto;
        // Most helpers read r1..r5 and set r0 only: hand over just those (the machine's copies of
        // r6..r10 are stale meanwhile, which nothing reads before the next full flush).
        const args = [0, 1, 2, 3, 4, 5].map((i) => `L[${i}]=l${i};H[${i}]=h${i};`).join('');
        return (
          `m.executed+=entry-left;m.budgetLeft=left;entry=left;m.pc=${at};${args}IMPLS[${at}](m,VM,PROTOS[${at}]);` +
          `l0=L[0];h0=H[0];entry=m.budgetLeft;left=entry;${reloadTables}` +
          `if(m.stopRequest!==0){${saveRegs}m.stopRequest=0;const t=m.tailCallTarget;` +
          `if(t!==undefined){m.tailCallTarget=undefined;m.code=t;m.pc=0;return 2;}m.depth=0;return 0;}`
        );
      }
      return (
        `${flush(at, 0)}HELPERS[${at}](m);${resume(0)}` +
        `if(m.stopRequest!==0){m.stopRequest=0;const t=m.tailCallTarget;` +
        `if(t!==undefined){m.tailCallTarget=undefined;m.code=t;m.pc=0;return 2;}m.depth=0;return 0;}`
      );
    }
    return viaInterpreter();
  }

  const body = lines.join('\n');
  // The generated source holds only numbers taken from decoded instructions (no text from the
  // object), so nothing in a program's bytes can reach it as code.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function(
    'CODE',
    'HELPERS',
    'IMPLS',
    'PROTOS',
    'VM',
    'ult',
    'slt',
    'bswap32',
    `return function tier(m){${body}}`,
  ) as (...args: unknown[]) => TierFunction;
  return make(code, code.helpers, impls, protos, vm, ult, slt, bswap32);
}

/**
 * The fast memory path takes the region from the base's upper half as it is: with the base's lower
 * half and the offset's sum both in [0, 2^31) (every bound is), the 64-bit add carries nothing.
 * Elsewhere the upper half of base + off is this (alo being the lower half).
 */
function carried(lo: string, hi: string, off: number): string {
  return `((${hi}+${off >> 31}+((alo>>>0)<(${lo}>>>0)?1:0))|0)`;
}

/** dst <<= n (a constant 0..63) on the register pair. */
function shiftLeft64(ld: string, hd: string, n: number): string {
  if (n === 0) return '';
  if (n >= 32) return `${hd}=${ld}<<${n - 32};${ld}=0;`;
  return `${hd}=(${hd}<<${n})|(${ld}>>>${32 - n});${ld}=${ld}<<${n};`;
}

/** dst >>= n (a constant 0..63; `op` '>>>' logical, '>>' arithmetic) on the register pair. */
function shiftRight64(ld: string, hd: string, n: number, op: '>>>' | '>>'): string {
  if (n === 0) return '';
  if (n >= 32) return `${ld}=${hd}${op}${n - 32};${hd}=${op === '>>' ? `${hd}>>31` : '0'};`;
  return `${ld}=(${ld}>>>${n})|(${hd}<<${32 - n});${hd}=${hd}${op}${n};`;
}

function ult(ah: number, al: number, bh: number, bl: number): boolean {
  return ah >>> 0 < bh >>> 0 || (ah === bh && al >>> 0 < bl >>> 0);
}

function slt(ah: number, al: number, bh: number, bl: number): boolean {
  return ah < bh || (ah === bh && al >>> 0 < bl >>> 0);
}

function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}
