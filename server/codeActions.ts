// Quick fixes for the common rejections, each an edit of the C source that compiles:
//   null-dereference      → `if (!value) return <default>;` after the lookup
//   packet-out-of-bounds  → a `(void *)(p + 1) > data_end` check before the access
//   uninitialized-stack   → `__builtin_memset(&var, 0, sizeof(var));` after the declaration
//   missing-line-info     → command adding -g to ebpf.clang.extraArgs
// plus clang's own fix-its.

import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { ProgramType } from '../core/platform/types';
import type { Analysis } from './analysis';
import type { ServerContext } from './context';
import { diagnosticsFor, SOURCE_CLANG, SOURCE_VERIFIER, type DiagnosticData } from './diagnostics';
import { programAtLine } from './programAt';
import { Commands } from '../common/protocol';

const IDENT = '[A-Za-z_]\\w*';

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** Line index where the statement starting at `line` ends (the line holding its `;`). */
function statementEnd(lines: readonly string[], line: number): number {
  for (let l = line; l < Math.min(lines.length, line + 10); l++)
    if ((lines[l] ?? '').replace(/\/\/.*$/, '').includes(';')) return l;
  return line;
}

/** The first `{` line at or above `line` that opens the enclosing function (column 0 or after `)`). */
function enclosingFunctionStart(lines: readonly string[], line: number): number {
  for (let l = line; l >= 0; l--) {
    const text = lines[l] ?? '';
    if (/^\S.*\)\s*\{?\s*$/.test(text) && !/;\s*$/.test(text)) return l;
  }
  return 0;
}

/**
 * What a program of this type should return from an early exit: the "let it through" value,
 * spelled symbolically only when the file already uses that name (so it is surely declared).
 */
export function defaultReturn(
  text: string,
  lines: readonly string[],
  line: number,
  type: ProgramType | undefined,
): string {
  const header = lines.slice(Math.max(0, enclosingFunctionStart(lines, line) - 1), line + 1).join('\n');
  if (/\bvoid\s+\w+\s*\(/.test(header) && !/\bvoid\s*\*/.test(header)) return 'return;';
  if (type) {
    const entries = Object.entries(type.returnValues);
    const pass = entries.find(([, n]) => /PASS|PERMIT|OK|ALLOW/.test(n)) ?? entries.find(([k]) => k === '0');
    if (pass) {
      const [value, name] = pass;
      return new RegExp(`\\b${name}\\b`).test(text) ? `return ${name};` : `return ${value}; /* ${name} */`;
    }
  }
  return 'return 0;';
}

function insertLine(line: number, text: string): TextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text + '\n' };
}

function nullCheckFix(
  analysis: Analysis,
  diag: Diagnostic,
  data: Extract<DiagnosticData, { kind: 'verifier' }>,
  lines: string[],
): TextEdit | undefined {
  const lookupRe = new RegExp(`(${IDENT})\\s*=\\s*(?:\\([^)]*\\)\\s*)?bpf_map_lookup_elem\\s*\\(`);
  const candidates = [...data.relatedLines, diag.range.start.line];
  // Search the related lines first, then upwards from the access for the lookup assignment.
  for (let l = diag.range.start.line; l >= Math.max(0, diag.range.start.line - 30); l--)
    if (!candidates.includes(l)) candidates.push(l);
  for (const l of candidates) {
    const m = lookupRe.exec(lines[l] ?? '');
    if (!m) continue;
    const end = statementEnd(lines, l);
    const type = programAtLine(analysis, l)?.program.programType;
    return insertLine(
      end + 1,
      `${indentOf(lines[l] ?? '')}if (!${m[1]}) ${defaultReturn(analysis.text, lines, l, type)}`,
    );
  }
  // No lookup found: guard the dereference itself.
  const deref = new RegExp(`(?:\\*\\s*(${IDENT})|(${IDENT})\\s*(?:->|\\[))`).exec(lines[diag.range.start.line] ?? '');
  const name = deref?.[1] ?? deref?.[2];
  if (!name) return undefined;
  const type = programAtLine(analysis, diag.range.start.line)?.program.programType;
  return insertLine(
    diag.range.start.line,
    `${indentOf(lines[diag.range.start.line] ?? '')}if (!${name}) ${defaultReturn(analysis.text, lines, diag.range.start.line, type)}`,
  );
}

function boundsCheckFix(analysis: Analysis, diag: Diagnostic, lines: string[]): TextEdit | undefined {
  const line = diag.range.start.line;
  const access = new RegExp(`(${IDENT})\\s*->`).exec(lines[line] ?? '');
  if (!access) return undefined;
  const ptr = access[1];
  // The packet end as the function already names it; else read it from the context.
  const fnStart = enclosingFunctionStart(lines, line);
  const body = lines.slice(fnStart, line).join('\n');
  let end: string | undefined;
  const named = new RegExp(`(${IDENT})\\s*=\\s*(?:\\([^;]*\\)\\s*)*(${IDENT})\\s*->\\s*data_end\\b`).exec(body);
  if (named) end = named[1];
  else {
    const ctxName = new RegExp(`\\(\\s*(?:struct\\s+)?\\w+\\s*\\*\\s*(${IDENT})\\s*\\)`).exec(
      lines[fnStart] ?? '',
    )?.[1];
    if (ctxName) end = `(void *)(long)${ctxName}->data_end`;
  }
  if (!end) return undefined;
  // The access may sit in an `if (...)` condition: the check goes before the whole statement.
  const type = programAtLine(analysis, line)?.program.programType;
  return insertLine(
    line,
    `${indentOf(lines[line] ?? '')}if ((void *)(${ptr} + 1) > ${end}) ${defaultReturn(analysis.text, lines, line, type)}`,
  );
}

function initialiseFix(diag: Diagnostic, lines: string[]): TextEdit | undefined {
  const line = diag.range.start.line;
  // Variables whose address the line passes (&var) or that it names, declared above without init.
  const text = lines[line] ?? '';
  const names = [...text.matchAll(new RegExp(`&\\s*(${IDENT})`, 'g'))].flatMap((m) => m[1] ?? []);
  const words = [...text.matchAll(new RegExp(`\\b(${IDENT})\\b`, 'g'))].flatMap((m) => m[1] ?? []);
  for (const name of [
    ...names,
    ...(diag.message.match(new RegExp(`'(${IDENT})'|\`(${IDENT})\``, 'g'))?.map((s) => s.slice(1, -1)) ?? []),
    ...words,
  ]) {
    const decl = new RegExp(`^\\s*(?:struct\\s+)?${IDENT}(?:\\s+${IDENT})*[\\s*]+${name}\\s*(\\[[^\\]]*\\])?\\s*;`);
    for (let l = line; l >= Math.max(0, line - 50); l--) {
      const m = decl.exec(lines[l] ?? '');
      if (!m) continue;
      const target = m[1] ? name : `&${name}`;
      return insertLine(l + 1, `${indentOf(lines[l] ?? '')}__builtin_memset(${target}, 0, sizeof(${name}));`);
    }
  }
  return undefined;
}

export function quickFixes(analysis: Analysis, diagnostics: readonly Diagnostic[], docsUrl?: string): CodeAction[] {
  const lines = analysis.text.split('\n');
  const actions: CodeAction[] = [];
  let ours: Diagnostic[] | undefined;
  for (const diag of diagnostics) {
    // Clients should echo Diagnostic.data back; when one does not, find our own diagnostic again.
    let data = diag.data as DiagnosticData | undefined;
    if (!data) {
      ours ??= diagnosticsFor(analysis, { docsUrl });
      data = ours.find(
        (d) => d.source === diag.source && d.code === diag.code && d.range.start.line === diag.range.start.line,
      )?.data as DiagnosticData | undefined;
    }
    if (!data) continue;
    const edit = (title: string, e: TextEdit | undefined, preferred = true) => {
      if (e)
        actions.push({
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: preferred,
          edit: { changes: { [analysis.uri]: [e] } },
        });
    };
    if (diag.source === SOURCE_CLANG && data.kind === 'clang') {
      const edits = data.fixIts.map((f) => ({
        range: {
          start: { line: f.start.line - 1, character: f.start.column - 1 },
          end: { line: f.end.line - 1, character: f.end.column - 1 },
        },
        newText: f.text,
      }));
      actions.push({
        title: `Apply clang fix-it: ${diag.message.split('\n')[0]}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        edit: { changes: { [analysis.uri]: edits } },
      });
      continue;
    }
    if (data.kind === 'missing-line-info') {
      actions.push({
        title: 'Add -g to ebpf.clang.extraArgs (emit BTF line info)',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        command: { title: 'Add -g', command: Commands.addClangArg, arguments: ['-g'] },
      });
      continue;
    }
    if (diag.source !== SOURCE_VERIFIER || data.kind !== 'verifier') continue;
    if (diag.code === 'null-dereference')
      edit('Insert a NULL check after the map lookup', nullCheckFix(analysis, diag, data, lines));
    else if (diag.code === 'packet-out-of-bounds')
      edit('Insert a packet bounds check before the access', boundsCheckFix(analysis, diag, lines));
    else if (diag.code === 'uninitialized-stack')
      edit('Initialise the stack variable with __builtin_memset', initialiseFix(diag, lines));
  }
  return actions;
}

export function register(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async ({ textDocument, context }) => {
    const analysis = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    return analysis ? quickFixes(analysis, context.diagnostics, ctx.docsUrl()) : [];
  });
}
