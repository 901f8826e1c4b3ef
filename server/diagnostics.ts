// Analysis → LSP diagnostics: clang's findings (source "clang"), the loader's warnings
// ("ebpf-loader") and the verifier's (source "ebpf-verifier", with code, docs link, the
// PREVAIL-style condition on a second line and related locations).

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver/node';
import type { ClangDiagnostic, ClangFixIt } from '../core/toolchain/types';
import { describeRefused } from '../core/toolchain/flagPolicy';
import type { ParsedClangDiagnostic } from '../core/toolchain/diagnosticsParser';
import type { Diagnostic as VerifierDiagnostic, Severity } from '../core/verifier/types';
import type { SourceLocation } from '../core/program/types';
import type { Analysis, AnalysedProgram } from './analysis';
import { codeHref } from './docsLinks';
import { codeExtent, expressionExtent, findProgramLine, lineStarts, lineText } from './sourceText';

export const SOURCE_CLANG = 'clang';
export const SOURCE_VERIFIER = 'ebpf-verifier';
export const SOURCE_LOADER = 'ebpf-loader';
export const SOURCE_EBPF = 'ebpf';

/** What code actions need to find the finding again; stored in Diagnostic.data. */
export type DiagnosticData =
  | {
      readonly kind: 'verifier';
      readonly program: string;
      readonly pc: number;
      readonly relatedLines: readonly number[];
    }
  | { readonly kind: 'clang'; readonly fixIts: readonly ClangFixIt[] }
  | { readonly kind: 'missing-line-info'; readonly program: string };

export interface DiagnosticContext {
  /** docs/verifier-codes.md for codeDescription links (docsLinks.ts adds the section). Undefined: no link. */
  readonly docsUrl: string | undefined;
}

function samePath(a: string, b: string): boolean {
  if (!path.isAbsolute(a)) return path.basename(a) === path.basename(b);
  return path.resolve(a) === path.resolve(b);
}

function lineRange(text: string, line0: number, column0: number | undefined, starts: number[]): Range {
  const t = lineText(text, line0, starts);
  const extent = codeExtent(t);
  let start = column0 !== undefined && column0 >= 0 && column0 < t.length ? column0 : extent.start;
  let end = extent.end > start ? extent.end : Math.max(t.length, start + 1);
  if (line0 >= starts.length) {
    start = 0;
    end = 1;
  }
  return { start: { line: Math.max(0, line0), character: start }, end: { line: Math.max(0, line0), character: end } };
}

/**
 * The squiggle of a verifier finding: the C expression it is about (from DWARF, at or near the
 * line info's column), else the expression at that column, else the line from that column on.
 */
function findingRange(
  text: string,
  line0: number,
  column1: number,
  expression: string | undefined,
  starts: number[],
): Range {
  const column0 = column1 > 0 ? column1 - 1 : undefined;
  const extent = expressionExtent(lineText(text, line0, starts), column0, expression);
  if (!extent) return lineRange(text, line0, column0, starts);
  return { start: { line: line0, character: extent.start }, end: { line: line0, character: extent.end } };
}

function clangSeverity(d: ClangDiagnostic): DiagnosticSeverity {
  if (d.severity === 'error' || d.severity === 'fatal') return DiagnosticSeverity.Error;
  if (d.severity === 'warning') return DiagnosticSeverity.Warning;
  return DiagnosticSeverity.Information;
}

function verifierSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error'
    ? DiagnosticSeverity.Error
    : s === 'warning'
      ? DiagnosticSeverity.Warning
      : DiagnosticSeverity.Information;
}

function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export function clangDiagnostics(analysis: Analysis, starts = lineStarts(analysis.text)): Diagnostic[] {
  const c = analysis.compile;
  if (c.kind !== 'compiled' && c.kind !== 'failed') return [];
  const out: Diagnostic[] = [];
  for (const d of c.diagnostics as readonly ParsedClangDiagnostic[]) {
    if (d.severity === 'note') continue;
    let range: Range;
    let message = d.message;
    const related: DiagnosticRelatedInformation[] = [];
    if (samePath(d.file, analysis.filePath)) {
      const line0 = d.line - 1;
      if (d.range && d.range.start.line === d.range.end.line && d.range.end.column > d.range.start.column) {
        range = {
          start: { line: line0, character: d.range.start.column - 1 },
          end: { line: d.range.end.line - 1, character: d.range.end.column - 1 },
        };
      } else {
        const t = lineText(analysis.text, line0, starts);
        const col = d.column - 1;
        let end = col;
        while (end < t.length && /\w/.test(t.charAt(end))) end++;
        range = { start: { line: line0, character: col }, end: { line: line0, character: Math.max(end, col + 1) } };
      }
    } else {
      // A finding inside an included file: show it on the #include line that brought it in.
      const site = d.includedFrom.find((i) => samePath(i.file, analysis.filePath));
      range = lineRange(analysis.text, site ? site.line - 1 : 0, undefined, starts);
      message = `In included file ${path.basename(d.file)}:${d.line}: ${d.message}`;
      related.push({
        location: {
          uri: fileUri(d.file),
          range: {
            start: { line: d.line - 1, character: Math.max(0, d.column - 1) },
            end: { line: d.line - 1, character: Math.max(0, d.column) },
          },
        },
        message: d.message,
      });
    }
    for (const n of d.notes) {
      if (n.line <= 0) continue;
      related.push({
        location: {
          uri: samePath(n.file, analysis.filePath) ? analysis.uri : fileUri(n.file),
          range: {
            start: { line: n.line - 1, character: Math.max(0, n.column - 1) },
            end: { line: n.line - 1, character: Math.max(0, n.column) },
          },
        },
        message: n.message,
      });
    }
    const diag: Diagnostic = { range, severity: clangSeverity(d), source: SOURCE_CLANG, message };
    if (d.flag) diag.code = d.flag;
    if (related.length) diag.relatedInformation = related;
    const fixIts = [...d.fixIts, ...d.notes.flatMap((n) => n.fixIts)].filter((f) =>
      samePath(f.file, analysis.filePath),
    );
    if (fixIts.length) diag.data = { kind: 'clang', fixIts } satisfies DiagnosticData;
    out.push(diag);
  }
  if (c.kind === 'failed' && !out.some((d) => d.severity === DiagnosticSeverity.Error)) {
    // clang failed without a parsable error (crash, bad flag): still say so, with its own words.
    const how = c.exitSignal ? `killed by signal ${c.exitSignal}` : `exit code ${String(c.exitCode)}`;
    const head = c.stderr.trim().split('\n').slice(0, 5).join('\n');
    out.push({
      range: lineRange(analysis.text, 0, undefined, starts),
      severity: DiagnosticSeverity.Error,
      source: SOURCE_CLANG,
      message: head ? `clang failed (${how}): ${head}` : `clang failed (${how})`,
    });
  }
  return out;
}

function locationInDocument(analysis: Analysis, loc: SourceLocation | undefined): boolean {
  return loc !== undefined && loc.line > 0 && samePath(loc.file, analysis.filePath);
}

export function programLine(analysis: Analysis, p: AnalysedProgram): number {
  return findProgramLine(analysis.text, p.program.section, p.program.name) ?? 0;
}

function verifierDiagnostic(
  analysis: Analysis,
  p: AnalysedProgram,
  d: VerifierDiagnostic,
  ctx: DiagnosticContext,
  starts: number[],
): Diagnostic {
  const inDoc = locationInDocument(analysis, d.location);
  const range =
    inDoc && d.location
      ? findingRange(analysis.text, d.location.line - 1, d.location.column, d.expression, starts)
      : lineRange(analysis.text, programLine(analysis, p), undefined, starts);
  let message = d.message;
  if (!inDoc && d.location && d.location.line > 0)
    message += ` (at ${path.basename(d.location.file)}:${d.location.line})`;
  if (!inDoc && !d.location && d.code !== 'missing-line-info') message += ` (instruction ${d.pc}; no line info for it)`;
  if (d.condition) message += `\n${d.condition}`;
  const diag: Diagnostic = {
    range,
    severity: verifierSeverity(d.severity),
    source: SOURCE_VERIFIER,
    code: d.code,
    message,
  };
  if (ctx.docsUrl) diag.codeDescription = { href: codeHref(ctx.docsUrl, d.code) };
  const related: DiagnosticRelatedInformation[] = [];
  const relatedLines: number[] = [];
  for (const r of d.related) {
    if (!r.location || r.location.line <= 0) continue;
    const here = samePath(r.location.file, analysis.filePath);
    if (here) relatedLines.push(r.location.line - 1);
    const rr = here
      ? lineRange(analysis.text, r.location.line - 1, r.location.column > 0 ? r.location.column - 1 : undefined, starts)
      : { start: { line: r.location.line - 1, character: 0 }, end: { line: r.location.line - 1, character: 1 } };
    related.push({ location: { uri: here ? analysis.uri : fileUri(r.location.file), range: rr }, message: r.message });
  }
  if (related.length) diag.relatedInformation = related;
  diag.data = (
    d.code === 'missing-line-info'
      ? { kind: 'missing-line-info', program: p.program.name }
      : { kind: 'verifier', program: p.program.name, pc: d.pc, relatedLines }
  ) satisfies DiagnosticData;
  return diag;
}

export function verifierDiagnostics(
  analysis: Analysis,
  ctx: DiagnosticContext,
  starts = lineStarts(analysis.text),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of analysis.programs) {
    const secLine = programLine(analysis, p);
    for (const w of p.program.loadWarnings) {
      out.push({
        range: lineRange(analysis.text, secLine, undefined, starts),
        severity: DiagnosticSeverity.Warning,
        source: SOURCE_LOADER,
        message: `${p.program.name}: ${w}`,
      });
    }
    if (p.verifyError !== undefined) {
      out.push({
        range: lineRange(analysis.text, secLine, undefined, starts),
        severity: DiagnosticSeverity.Error,
        source: SOURCE_VERIFIER,
        code: 'internal-error',
        message: `The verifier could not analyse ${p.program.name}: ${p.verifyError}`,
      });
    }
    if (!p.result) continue;
    for (const d of p.result.diagnostics) out.push(verifierDiagnostic(analysis, p, d, ctx, starts));
  }
  // A program that cannot be linked is an error on its own SEC line; the others were verified.
  for (const f of analysis.failedPrograms ?? []) {
    out.push({
      range: lineRange(analysis.text, findProgramLine(analysis.text, f.section, f.name) ?? 0, undefined, starts),
      severity: DiagnosticSeverity.Error,
      source: SOURCE_LOADER,
      message: `${f.name} cannot be linked: ${f.error}`,
    });
  }
  if (analysis.loadError !== undefined) {
    const diag: Diagnostic = {
      range: lineRange(analysis.text, 0, undefined, starts),
      severity: DiagnosticSeverity.Error,
      source: SOURCE_LOADER,
      message: `The compiled object could not be loaded: ${analysis.loadError}`,
    };
    // BTF-defined maps without BTF: the same cure as missing line info (the -g quick fix).
    if (/compile with -g|no \.BTF\b/.test(analysis.loadError))
      diag.data = { kind: 'missing-line-info', program: '' } satisfies DiagnosticData;
    out.push(diag);
  }
  return out;
}

export function clangNotFoundDiagnostic(analysis: Analysis): Diagnostic | undefined {
  const c = analysis.compile;
  if (c.kind !== 'clang-not-found') return undefined;
  const t = lineText(analysis.text, 0);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.max(1, t.length) } },
    severity: DiagnosticSeverity.Error,
    source: SOURCE_EBPF,
    code: 'clang-not-found',
    message: `${c.message} ${c.installAdvice}`,
  };
}

/** A clang flag from settings or compile_commands.json that was not passed (docs/security.md). */
function refusedFlagDiagnostics(analysis: Analysis): Diagnostic[] {
  const c = analysis.compile;
  if (c.kind !== 'compiled' && c.kind !== 'failed') return [];
  const t = lineText(analysis.text, 0);
  return c.refusedFlags.map((r) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.max(1, t.length) } },
    severity: DiagnosticSeverity.Warning,
    source: SOURCE_EBPF,
    code: 'refused-clang-flag',
    message: describeRefused(r),
  }));
}

export function diagnosticsFor(analysis: Analysis, ctx: DiagnosticContext): Diagnostic[] {
  const missing = clangNotFoundDiagnostic(analysis);
  if (missing) return [missing];
  const starts = lineStarts(analysis.text);
  return [
    ...refusedFlagDiagnostics(analysis),
    ...clangDiagnostics(analysis, starts),
    ...verifierDiagnostics(analysis, ctx, starts),
  ];
}
