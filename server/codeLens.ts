// Code lens above each program's SEC(...): type, size and verdict, plus actions.

import type { CodeLens } from 'vscode-languageserver/node';
import type { Analysis, AnalysedProgram } from './analysis';
import type { ServerContext } from './context';
import { programLine } from './diagnostics';
import { Commands } from '../common/protocol';

export function verdictText(p: AnalysedProgram): string {
  if (p.verifyError !== undefined) return '✗ not verified: verifier error';
  if (!p.result) return 'not verified';
  const errors = p.result.diagnostics.filter((d) => d.severity === 'error').length;
  return p.result.verdict === 'pass' ? '✓ verified' : `✗ rejected: ${errors} error${errors === 1 ? '' : 's'}`;
}

export function lensesFor(analysis: Analysis, debugAdapter: boolean): CodeLens[] {
  const out: CodeLens[] = [];
  for (const p of analysis.programs) {
    const line = programLine(analysis, p);
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const summary = `${p.program.programType?.name ?? `unknown type (${p.program.section})`} · ${p.program.instructions.length} instructions · ${verdictText(p)}`;
    out.push({ range, command: { title: summary, command: Commands.verify, arguments: [analysis.uri] } });
    if (debugAdapter) {
      const args = [analysis.uri, p.program.name, p.program.section];
      out.push({ range, command: { title: 'Debug', command: Commands.debugProgram, arguments: args } });
      out.push({ range, command: { title: 'Run on packet...', command: Commands.runOnPacket, arguments: args } });
    }
    out.push({
      range,
      command: {
        title: 'Show disassembly',
        command: Commands.showDisassembly,
        arguments: [analysis.uri, p.program.name],
      },
    });
  }
  return out;
}

export function register(ctx: ServerContext): void {
  ctx.connection.onCodeLens(async ({ textDocument }) => {
    const analysis = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    return analysis ? lensesFor(analysis, ctx.settings().debugAdapter) : [];
  });
}
