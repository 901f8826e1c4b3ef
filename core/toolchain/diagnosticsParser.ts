// Parses clang's textual diagnostics (run with -fno-color-diagnostics
// -fdiagnostics-parseable-fixits -fdiagnostics-print-source-range-info) into records.
// Caret lines stay on: clang prints fix-its only alongside the caret; they are skipped here.
// Pure: a string in, records out. Lines it does not understand are ignored by design
// (summaries like "1 error generated." and include-stack preambles).

import type { ClangDiagnostic, ClangFixIt, ClangPosition, ClangSeverity } from './types';

// file:line:col:{l:c-l:c}{...}: severity: message [-Wflag]
// The file part is lazy and may contain ':' (Windows drive letters), so anchor on ":<n>:<n>:".
const DIAGNOSTIC = /^(.+?):(\d+):(\d+):((?:\{\d+:\d+-\d+:\d+\})*):?\s*(fatal error|error|warning|note|remark): (.*)$/;
const RANGE = /\{(\d+):(\d+)-(\d+):(\d+)\}/g;
const FIXIT = /^fix-it:"((?:[^"\\]|\\.)*)":\{(\d+):(\d+)-(\d+):(\d+)\}:"((?:[^"\\]|\\.)*)"$/;
const FLAG = /\s\[(-W[^\]]+?)(?:,[^\]]*)?\]$/;
const INCLUDED_FROM = /^In file included from (.+?):(\d+):/;

interface MutableDiagnostic {
  file: string;
  line: number;
  column: number;
  range?: { start: ClangPosition; end: ClangPosition };
  severity: ClangSeverity;
  message: string;
  flag?: string;
  fixIts: ClangFixIt[];
  notes: MutableDiagnostic[];
  /** The chain of `#include` sites that led to this file, outermost first. */
  includedFrom: { file: string; line: number }[];
}

/** Undo the C-style escaping clang applies inside fix-it strings. */
function unescape(text: string): string {
  return text.replace(/\\(n|t|"|\\|\d{3})/g, (_m, c: string) => {
    if (c === 'n') return '\n';
    if (c === 't') return '\t';
    if (/^\d{3}$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    return c;
  });
}

function severityOf(text: string): ClangSeverity {
  return text === 'fatal error' ? 'fatal' : (text as ClangSeverity);
}

export interface ParsedClangDiagnostic extends ClangDiagnostic {
  /** Where the file holding this finding was included from, outermost first (empty for the main file). */
  readonly includedFrom: readonly { readonly file: string; readonly line: number }[];
}

export function parseClangDiagnostics(stderr: string): ParsedClangDiagnostic[] {
  const out: MutableDiagnostic[] = [];
  let current: MutableDiagnostic | undefined;
  let pendingIncludes: { file: string; line: number }[] = [];

  for (const rawLine of stderr.split(/\r?\n/)) {
    const line = rawLine.trimEnd();
    if (line === '') continue;

    const inc = INCLUDED_FROM.exec(line) ?? /^\s+from (.+?):(\d+)[:,]/.exec(line);
    if (inc) {
      const [, file = '', line = ''] = inc;
      pendingIncludes.push({ file, line: Number(line) });
      continue;
    }

    const fix = FIXIT.exec(line);
    if (fix && current) {
      const target = current.notes.at(-1) ?? current;
      const [, file = '', startLine, startColumn, endLine, endColumn, text = ''] = fix;
      target.fixIts.push({
        file: unescape(file),
        start: { line: Number(startLine), column: Number(startColumn) },
        end: { line: Number(endLine), column: Number(endColumn) },
        text: unescape(text),
      });
      continue;
    }

    const m = DIAGNOSTIC.exec(line);
    if (!m) continue;
    const [, file = '', lineText, columnText, rangeText = '', severityText = '', messageText = ''] = m;
    let message = messageText;
    let flag: string | undefined;
    const f = FLAG.exec(message);
    if (f) {
      flag = f[1];
      message = message.slice(0, f.index);
    }
    const ranges = [...rangeText.matchAll(RANGE)].map((r) => ({
      start: { line: Number(r[1]), column: Number(r[2]) },
      end: { line: Number(r[3]), column: Number(r[4]) },
    }));
    const record: MutableDiagnostic = {
      file,
      line: Number(lineText),
      column: Number(columnText),
      severity: severityOf(severityText),
      message,
      fixIts: [],
      notes: [],
      // clang prints the include stack outermost first.
      includedFrom: pendingIncludes,
    };
    pendingIncludes = [];
    // Prefer the range that contains the caret; clang lists it first in practice.
    const containing = ranges.find((r) => r.start.line <= record.line && r.end.line >= record.line) ?? ranges[0];
    if (containing) record.range = containing;
    if (flag !== undefined) record.flag = flag;

    if (record.severity === 'note' && current) current.notes.push(record);
    else {
      out.push(record);
      current = record;
    }
  }
  return out;
}
