// Where a program calls bpf_printk and with which format: the format bytes passed to the helper,
// found by following r1 back to a constant (read-only data, or a string built on the stack), so a
// line read from trace_pipe or ETW can be mapped back to the C line that printed it.

import type { Program, SourceLocation } from '../program/types';
import type { SourcePosition } from './views';

export interface PrintkCallSite {
  readonly program: string;
  readonly pc: number;
  readonly format: string;
  readonly source?: SourcePosition;
}

type Reg =
  | { readonly kind: 'imm'; readonly value: bigint }
  | { readonly kind: 'stack'; readonly offset: number }
  | { readonly kind: 'mapValue'; readonly map: number; readonly offset: number }
  | undefined;

const STACK = 512;

/** Every printk call with a format the scan could resolve. */
export function printkCallSites(program: Program): PrintkCallSite[] {
  const out: PrintkCallSite[] = [];
  const regs: Reg[] = new Array<Reg>(11).fill(undefined);
  regs[10] = { kind: 'stack', offset: 0 };
  const stack = new Uint8Array(STACK);
  const known = new Uint8Array(STACK);
  const storeStack = (offset: number, size: number, value: bigint | undefined): void => {
    for (let i = 0; i < size; i++) {
      const at = STACK + offset + i;
      if (at < 0 || at >= STACK) continue;
      if (value === undefined) known[at] = 0;
      else {
        stack[at] = Number((value >> BigInt(8 * i)) & 0xffn);
        known[at] = 1;
      }
    }
  };
  for (const insn of program.instructions) {
    const op = insn.opcode;
    const sizeOfMem = [4, 2, 1, 8][(op >> 3) & 3] ?? 8; // the two size bits pick one of the four
    if (op === 0x18) {
      regs[insn.dst] =
        insn.src === 2
          ? { kind: 'mapValue', map: insn.imm, offset: Number(BigInt.asUintN(64, insn.imm64 ?? 0n) >> 32n) }
          : insn.src === 0
            ? { kind: 'imm', value: BigInt.asUintN(64, insn.imm64 ?? 0n) }
            : undefined;
    } else if (op === 0xb7 || op === 0xb4) {
      regs[insn.dst] = { kind: 'imm', value: BigInt.asUintN(op === 0xb7 ? 64 : 32, BigInt(insn.imm)) };
    } else if (op === 0xbf) {
      regs[insn.dst] = regs[insn.src];
    } else if (op === 0x07) {
      const r = regs[insn.dst];
      regs[insn.dst] =
        r?.kind === 'stack' || r?.kind === 'mapValue'
          ? { ...r, offset: r.offset + insn.imm }
          : r?.kind === 'imm'
            ? { kind: 'imm', value: BigInt.asUintN(64, r.value + BigInt(insn.imm)) }
            : undefined;
    } else if ((op & 0x07) === 0x03 && (op & 0xe0) === 0x60) {
      // STX MEM: *(size *)(dst + off) = src
      const base = regs[insn.dst];
      const v = regs[insn.src];
      if (base?.kind === 'stack')
        storeStack(base.offset + insn.offset, sizeOfMem, v?.kind === 'imm' ? v.value : undefined);
    } else if ((op & 0x07) === 0x02 && (op & 0xe0) === 0x60) {
      const base = regs[insn.dst];
      if (base?.kind === 'stack')
        storeStack(base.offset + insn.offset, sizeOfMem, BigInt.asUintN(64, BigInt(insn.imm)));
    } else if (op === 0x85) {
      if (insn.src === 0) {
        const helper = program.platform.helper(insn.imm, program.programType);
        if (helper?.printk) {
          const format = formatOf(program, regs[1], regs[2], stack, known);
          if (format !== undefined) {
            const at = program.sourceAt(insn.pc);
            out.push({ program: program.name, pc: insn.pc, format, ...(at ? { source: position(at) } : {}) });
          }
        }
      }
      for (let r = 0; r <= 5; r++) regs[r] = undefined;
    } else if ((op & 0x07) === 0x04 || (op & 0x07) === 0x07 || (op & 0x07) === 0x01 || (op & 0x07) === 0x00) {
      // Any other ALU result or load: the register is no longer a known constant.
      if (op !== 0x18) regs[insn.dst] = undefined;
    }
  }
  return out;
}

function position(at: SourceLocation): SourcePosition {
  return { file: at.file, line: at.line, ...(at.column ? { column: at.column } : {}) };
}

function formatOf(program: Program, r1: Reg, r2: Reg, stack: Uint8Array, known: Uint8Array): string | undefined {
  const limit = r2?.kind === 'imm' && r2.value > 0n && r2.value <= 1024n ? Number(r2.value) : 1024;
  let bytes: Uint8Array | undefined;
  if (r1?.kind === 'mapValue') {
    const data = program.maps[r1.map]?.initialValue;
    if (data) bytes = data.subarray(r1.offset, r1.offset + limit);
  } else if (r1?.kind === 'stack') {
    const from = STACK + r1.offset;
    const end = Math.min(STACK, from + limit);
    if (from < 0 || from >= STACK) return undefined;
    for (let i = from; i < end; i++) if (!known[i]) return undefined;
    bytes = stack.subarray(from, end);
  }
  if (!bytes) return undefined;
  const nul = bytes.indexOf(0);
  let fmt = '';
  for (const b of nul < 0 ? bytes : bytes.subarray(0, nul)) fmt += String.fromCharCode(b);
  return fmt;
}

interface CompiledSite {
  readonly site: PrintkCallSite;
  readonly regex: RegExp;
  readonly literal: number;
}

/** Matches printed messages against the call sites' formats (the most specific format wins). */
export class PrintkMatcher {
  private readonly sites: CompiledSite[];

  constructor(sites: readonly PrintkCallSite[]) {
    this.sites = sites.map((site) => {
      const { source, literal } = formatRegex(site.format);
      return { site, regex: new RegExp(`^${source}$`, 's'), literal };
    });
  }

  get size(): number {
    return this.sites.length;
  }

  match(message: string): PrintkCallSite | undefined {
    const text = message.replace(/\n$/, '');
    let best: CompiledSite | undefined;
    for (const s of this.sites) if (s.regex.test(text) && (!best || s.literal > best.literal)) best = s;
    return best?.site;
  }
}

const CONVERSION = /%([-+ #0]*)(\d+|\*)?(?:\.(\d+))?(hh|h|ll|l|z|j|t)?([diuxXoscpPeEfgG%])([a-zA-Z0-9]*)/g;

/** A printf format as a regex source, and how many literal characters it pins down. */
export function formatRegex(format: string): { source: string; literal: number } {
  const fmt = format.replace(/\n$/, '');
  let source = '';
  let literal = 0;
  let last = 0;
  for (const m of fmt.matchAll(CONVERSION)) {
    const text = fmt.slice(last, m.index);
    source += escape(text);
    literal += text.length;
    last = m.index + m[0].length;
    const conv = m[5];
    const suffix = m[6];
    if (conv === '%') {
      source += '%';
      literal++;
      continue;
    }
    const pad = ' *';
    switch (conv) {
      case 'd':
      case 'i':
        source += `${pad}-?\\d+`;
        break;
      case 'u':
        source += `${pad}\\d+`;
        break;
      case 'x':
      case 'X':
        source += `${pad}(?:0[xX])?[0-9a-fA-F]+`;
        break;
      case 'o':
        source += `${pad}[0-7]+`;
        break;
      case 'c':
        source += '.';
        break;
      case 'p':
      case 'P':
        source += '\\S+';
        break;
      default:
        source += '.*?';
    }
    // Letters after %p belong to it (%pI4, %pK); after others they are literal text.
    if (conv !== 'p' && suffix) {
      source += escape(suffix);
      literal += suffix.length;
    }
  }
  const tail = fmt.slice(last);
  source += escape(tail);
  literal += tail.length;
  return { source, literal };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
