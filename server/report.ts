// ebpf/verificationReport: the full verifier report as text (for the "eBPF: Verify" command).

import path from 'node:path';
import type { Analysis } from './analysis';
import { programHeader } from './disassembly';

export function buildReport(analysis: Analysis): string {
  const out: string[] = [];
  out.push(`eBPF verification of ${path.basename(analysis.filePath)} (version ${analysis.version})`);
  out.push(`platform: ${analysis.platform.displayName} — ${analysis.platform.reason}`);
  const c = analysis.compile;
  if (c.kind === 'clang-not-found') {
    out.push(`clang: not found. ${c.message} ${c.installAdvice}`);
    return out.join('\n') + '\n';
  }
  if (c.kind === 'cancelled') return out.concat('analysis was cancelled').join('\n') + '\n';
  out.push(`clang: ${c.clangPath} (${c.milliseconds} ms)${c.kind === 'failed' ? ' — compile FAILED' : ''}`);
  for (const d of c.diagnostics)
    out.push(
      `  ${path.basename(d.file)}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.flag ? ` [${d.flag}]` : ''}`,
    );
  if (analysis.loadError) out.push(`loader: ${analysis.loadError}`);
  for (const p of analysis.programs) {
    out.push('');
    out.push(programHeader(p).slice(2));
    for (const w of p.program.loadWarnings) out.push(`  load warning: ${w}`);
    if (p.verifyError) out.push(`  verifier error: ${p.verifyError}`);
    if (!p.result) continue;
    out.push(
      `  ${p.result.stats.instructions} instructions, ${p.result.stats.iterations} iterations, ${p.result.stats.milliseconds} ms`,
    );
    for (const d of p.result.diagnostics) {
      const where = d.location
        ? `${path.basename(d.location.file)}:${d.location.line}:${d.location.column}`
        : `pc ${d.pc}`;
      out.push(`  ${d.severity} [${d.code}] at ${where} (pc ${d.pc}): ${d.message}`);
      if (d.condition) out.push(`      condition: ${d.condition}`);
      for (const r of d.related)
        out.push(
          `      related: ${r.location ? `${path.basename(r.location.file)}:${r.location.line}` : `pc ${r.pc}`}: ${r.message}`,
        );
      if (d.state) {
        for (const v of [...d.state.registers, ...d.state.stack])
          out.push(`      ${v.name.padEnd(6)} ${v.type} ${v.value}`);
        for (const f of d.state.facts) out.push(`      ${f}`);
      }
    }
  }
  return out.join('\n') + '\n';
}
