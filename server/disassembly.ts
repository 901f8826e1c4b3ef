// ebpf/disassembly: the document's programs as eBPF assembly (llvm-objdump spelling), with the C
// source line printed as a comment wherever the line info changes, and a per-line map back to
// the C line so the client can keep the two editors' cursors in step.

import { disassembleInstruction } from '../core/isa/disassemble';
import { JmpOp, InsnClass, LddwSource, type Instruction } from '../core/isa/instruction';
import type { Analysis, AnalysedProgram } from './analysis';
import type { DisassemblyResult } from '../common/protocol';
import { lineText } from './sourceText';
import path from 'node:path';

function isSameFile(a: string, b: string): boolean {
  return path.isAbsolute(a) ? path.resolve(a) === path.resolve(b) : path.basename(a) === path.basename(b);
}

function helperComment(p: AnalysedProgram, insn: Instruction): string {
  const cls = insn.opcode & 0x07;
  if (cls !== InsnClass.JMP || (insn.opcode & 0xf0) !== JmpOp.CALL || insn.src !== 0) return '';
  const helper = p.program.platform.helper(insn.imm, p.program.programType);
  return helper ? `\t; ${helper.name}` : '';
}

export function programHeader(p: AnalysedProgram): string {
  const verdict = !p.result
    ? 'not verified'
    : p.result.verdict === 'pass'
      ? 'verified'
      : `rejected (${p.result.diagnostics.filter((d) => d.severity === 'error').length} error(s))`;
  return `; ${p.program.name}: section "${p.program.section}", type ${p.program.programType?.name ?? 'unknown'}, ${p.program.instructions.length} instructions, ${verdict}`;
}

export function buildDisassembly(analysis: Analysis, only?: string): DisassemblyResult {
  const lines: string[] = [];
  const sourceLineOf: number[] = [];
  const push = (text: string, cLine: number) => {
    lines.push(text);
    sourceLineOf.push(cLine);
  };
  if (analysis.compile.kind !== 'compiled' || analysis.loadError !== undefined) {
    const why =
      analysis.compile.kind === 'clang-not-found'
        ? analysis.compile.message
        : analysis.compile.kind === 'failed'
          ? 'the file does not compile (see Problems)'
          : (analysis.loadError ?? 'not analysed');
    push(`; no disassembly: ${why}`, -1);
    return { version: analysis.version, text: lines.join('\n') + '\n', sourceLineOf, error: why };
  }
  const programs = analysis.programs.filter((p) => only === undefined || p.program.name === only);
  for (const p of programs) {
    const prog = p.program;
    if (lines.length) push('', -1);
    push(programHeader(p), -1);
    const fnAt = new Map(prog.functions.map((f) => [f.startPc, f.name]));
    const options = {
      lddwName: (insn: Instruction) =>
        insn.src === LddwSource.MAP_FD || insn.src === LddwSource.MAP_VALUE ? prog.maps[insn.imm]?.name : undefined,
      callName: (insn: Instruction) => fnAt.get(insn.pc + 1 + insn.imm),
      jumpLabel: (target: number) => fnAt.get(target),
    };
    let lastLine = -1;
    for (const insn of prog.instructions) {
      const fn = fnAt.get(insn.pc);
      if (fn !== undefined) push(`${fn}:`, -1);
      const loc = prog.sourceAt(insn.pc);
      const cLine = loc && loc.line > 0 && isSameFile(loc.file, analysis.filePath) ? loc.line - 1 : -1;
      if (loc && loc.line > 0 && loc.line - 1 !== lastLine) {
        const text = cLine >= 0 ? lineText(analysis.text, cLine).trim() : loc.text.trim();
        push(`; ${path.basename(loc.file)}:${loc.line}: ${text}`, cLine);
        lastLine = loc.line - 1;
      }
      push(`${String(insn.pc).padStart(6)}:\t${disassembleInstruction(insn, options)}${helperComment(p, insn)}`, cLine);
    }
  }
  if (programs.length === 0) push(only ? `; no program named ${only}` : '; no programs in this file', -1);
  return { version: analysis.version, text: lines.join('\n') + '\n', sourceLineOf };
}
