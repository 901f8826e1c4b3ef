// The verifier's semantics of one program: its context (program, platform, program type,
// privilege, global functions), the names findings use, and the dispatch of each instruction to
// the checker (its assertion records, assertions/) and then to the transfer function of its class
// under core/verifier/transfer/ (alu, memory, jump, call). A failed check throws a Failure; the caller turns it into a diagnostic (when reporting)
// and treats the path as dead from there (bottom), so one root cause yields one error, not a cascade.

import type { UnprivilegedLoad } from '../platform/linuxUnprivileged';
import { llvmFrameSize } from '../dwarf/frame';
import { globalExpression, stackExpression, variableInRegister } from '../dwarf/names';
import { InsnClass, JmpOp, type Instruction } from '../isa/instruction';
import { BtfKind } from '../btf/types';
import type { PlatformProfile, ProgramType, VerifierPolicy } from '../platform/types';
import type { Program } from '../program/types';
import type { Edge, Node, ControlFlow } from './cfg';
import { isLocalCall, jumpOp } from './cfg';
import { State, TOTAL_STACK } from './state';
import { known } from './known';
import type { GlobalFunction } from './globals';
import type { CallbackEntry, CallbackSites } from './callbacks';
import { NUMBER_TOP, T, UNINIT, type Value, iv } from './value';
import { Failure, type FailureInit, type Finding } from './failure';
import { alu } from './transfer/alu';
import { ld, ldx, store } from './transfer/memory';
import { edge } from './transfer/jump';
import { btfFunctionCall, globalCall, helperCall } from './transfer/call';
import { checkAssertions } from './checker';
import { assertionsFor } from './assertions/extract';
import type { Assertion } from './assertions/types';

export { Failure, type FailureInit, type Finding } from './failure';

/** Everything the transfer functions need to know about the program and platform. */
export class Semantics {
  readonly platform: PlatformProfile;
  readonly programType: ProgramType | undefined;
  /** Linux (the kernel's rules); verdict rules read `policy`, this is for the analysis' own strategy. */
  readonly linux: boolean;
  /** The platform's verdict rules where the kernel and PREVAIL differ (data in the profile). */
  readonly policy: VerifierPolicy;
  /**
   * A privileged loader where the platform relaxes rules for one (the kernel's allow_ptr_leaks):
   * what the kernel allows root only (pointer leaks, truncated pointers, 32-bit pointer
   * subtraction) is a warning, not an error.
   */
  readonly rootLinux: boolean;
  /**
   * A Linux loader without capabilities: what the kernel loads of this program type for it (fewer
   * helpers, no pointer comparisons, some context fields root's). Undefined for root and Windows.
   */
  readonly unprivileged: UnprivilegedLoad | undefined;
  /** Warnings are only collected during the final reporting pass. */
  warnings: Finding[] | undefined;

  /** Linux global functions, called as summaries. */
  globals = new Map<number, GlobalFunction>();
  /** When analysing a global function on its own: that function. */
  entryGlobal: GlobalFunction | undefined;
  /** When analysing a helper's callback on its own: how the helper calls it (callbacks.ts). */
  entryCallback: CallbackEntry | undefined;
  /** Where the final pass notes the callbacks passed to helpers (policy callbacksVerifiedInContext). */
  callbackSites: CallbackSites | undefined;

  /** Call frames below which this analysis's own entry runs (a callback runs below its caller's). */
  get entryDepth(): number {
    return this.entryCallback?.depth ?? 0;
  }

  constructor(
    readonly program: Program,
    readonly cfg: ControlFlow,
    privileged = true,
  ) {
    this.platform = program.platform;
    this.programType = program.programType;
    this.linux = program.platform.id === 'linux';
    this.policy = program.platform.verifierPolicy;
    this.rootLinux = this.policy.privilegedLoaderRelaxations && privileged;
    this.unprivileged =
      this.policy.privilegedLoaderRelaxations && !privileged && this.programType
        ? this.platform.unprivilegedLoad?.(this.programType)
        : undefined;
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

  warn(pc: number, s: State, init: FailureInit): void {
    if (this.warnings)
      this.warnings.push({ pc, init: { ...init, severity: init.severity ?? 'warning' }, state: s.clone() });
  }

  mapName(i: number): string {
    return this.program.maps[i]?.name ?? `map#${i}`;
  }

  helperName(pc: number): string {
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
  globalName(maps: readonly number[], lo: number, hi: number): string | undefined {
    const [only] = maps;
    const map = maps.length === 1 && only !== undefined ? this.program.maps[only] : undefined;
    if (map?.origin !== 'global-data' || !map.section || !Number.isFinite(lo)) return undefined;
    const dwarf = this.program.dwarf; // parsed on first use: only for global data
    if (!dwarf) return undefined;
    const name = globalExpression(dwarf, map.section, lo);
    if (!name) return undefined;
    return `\`${lo === hi ? name : (/^\w+/.exec(name)?.[0] ?? name)}\` in \`${map.name}\``;
  }

  btfFunctionName(id: number): string | undefined {
    const btf = this.program.btf;
    const type = btf && id > 0 && id < btf.types.length ? btf.type(id) : undefined;
    return type?.kind === BtfKind.FUNC ? type.name : undefined;
  }

  /** ` (\`key.pad\`)` for a stack byte (offset from r10) that DWARF names at pc, else ''. */
  stackName(pc: number, fpOffset: number): string {
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

  // ---- instructions ----

  /** Assertion records by instruction index (they depend on the instruction and this program's static context only). */
  private readonly assertionCache: (readonly Assertion[] | undefined)[] = [];

  /** The assertions checked before instruction `index` (cached). */
  assertions(index: number, insn: Instruction): readonly Assertion[] {
    let list = this.assertionCache[index];
    if (list === undefined) {
      list = assertionsFor(insn, this);
      this.assertionCache[index] = list;
    }
    return list;
  }

  /** Execute one block's instructions (all but the edge effects): check, then transfer. Throws Failure. */
  execBlock(node: Node, s: State): State {
    const insns = this.program.instructions;
    for (let i = node.block.first; i <= node.block.last; i++) {
      const insn = known(insns, i, 'instruction');
      checkAssertions(this, insn, this.assertions(i, insn), s, node);
      this.exec(insn, s);
      if (i === node.block.last) {
        // Structural problems (a jump out of the function, falling off its end) surface here.
        const issue = this.cfg.issueAt(node.callStack, insn.pc);
        if (issue) throw new Failure(insn.pc, { code: issue.code, message: issue.message, condition: issue.condition });
      }
    }
    return s;
  }

  /** The transfer function of the instruction's class (its assertions held). */
  private exec(insn: Instruction, s: State): void {
    const cls = insn.opcode & 7;
    switch (cls) {
      case InsnClass.ALU:
      case InsnClass.ALU64:
        alu(this, insn, s);
        return;
      case InsnClass.LD:
        ld(this, insn, s);
        return;
      case InsnClass.LDX:
        ldx(this, insn, s);
        return;
      case InsnClass.ST:
      case InsnClass.STX:
        store(this, insn, s);
        return;
      case InsnClass.JMP:
      case InsnClass.JMP32:
        this.call(insn, s);
        return;
    }
  }

  /**
   * Calls change the state where they run; every other jump only on its edges (`edge`): a
   * conditional jump refines each edge, exit leaves to the return edge or ends the program.
   */
  private call(insn: Instruction, s: State): void {
    if (jumpOp(insn) !== JmpOp.CALL) return;
    if (isLocalCall(insn)) {
      const global = this.globals.get(insn.pc + 1 + insn.imm);
      if (global) globalCall(this, insn, s, global);
      return;
    }
    if (insn.src === 2) btfFunctionCall(this, insn, s);
    else helperCall(this, insn, s);
  }

  /** Apply an edge's effect to the post-state of its source block; undefined = infeasible. */
  edge(e: Edge, from: Node, s: State): State | undefined {
    return edge(this, e, from, s);
  }
}
