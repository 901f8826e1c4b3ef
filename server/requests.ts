// The custom ebpf/* requests (declared in protocol.ts): program facts, platform, disassembly,
// verification report.

import type { Analysis } from './analysis';
import { onRequest, type ServerContext } from './context';
import { buildDisassembly } from './disassembly';
import { programLine } from './diagnostics';
import { disassembly, platform, programInfo, verificationReport, type ProgramInfoResult } from '../common/protocol';
import { buildReport } from './report';

export function programInfoOf(analysis: Analysis): ProgramInfoResult {
  const c = analysis.compile;
  return {
    uri: analysis.uri,
    version: analysis.version,
    platform: analysis.platform,
    compile:
      c.kind === 'compiled' || c.kind === 'failed'
        ? { status: c.kind, milliseconds: c.milliseconds, clangPath: c.clangPath }
        : c.kind === 'clang-not-found'
          ? { status: 'clang-not-found', message: `${c.message} ${c.installAdvice}` }
          : { status: 'not-analysed' },
    programs: analysis.programs.map((p) => ({
      name: p.program.name,
      section: p.program.section,
      programType: p.program.programType?.name,
      instructionCount: p.program.instructions.length,
      verdict: p.result ? p.result.verdict : 'not-verified',
      errorCount: p.result?.diagnostics.filter((d) => d.severity === 'error').length ?? (p.verifyError ? 1 : 0),
      warningCount: p.result?.diagnostics.filter((d) => d.severity === 'warning').length ?? 0,
      line: programLine(analysis, p),
    })),
  };
}

export function register(ctx: ServerContext): void {
  onRequest(ctx, programInfo, async ({ textDocument }) => {
    const a = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    return a ? programInfoOf(a) : null;
  });
  onRequest(
    ctx,
    platform,
    async ({ textDocument }) => (await ctx.scheduler.forCurrentVersion(textDocument.uri))?.platform ?? null,
  );
  onRequest(ctx, disassembly, async ({ textDocument, program }) => {
    const a = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    return a ? buildDisassembly(a, program) : null;
  });
  onRequest(ctx, verificationReport, async ({ textDocument }) => {
    const a = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    return a ? { version: a.version, text: buildReport(a) } : null;
  });
}
