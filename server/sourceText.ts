// Small text lookups on the C source that several features share: where a program's SEC(...)
// is, the extent of a line's code, the word at a position. Pure.

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function lineText(text: string, line: number, starts = lineStarts(text)): string {
  if (!Number.isInteger(line) || line < 0 || line >= starts.length) return '';
  const next = starts[line + 1];
  const end = next !== undefined ? next - 1 : text.length;
  return text.slice(starts[line], end).replace(/\r$/, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 0-based line of `SEC("section")` that introduces function `name`, else of `name(`; undefined if neither. */
export function findProgramLine(text: string, section: string, name: string): number | undefined {
  const starts = lineStarts(text);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? Infinity) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const secRe = new RegExp(`\\bSEC\\s*\\(\\s*"${escapeRegExp(section)}"\\s*\\)`, 'g');
  const fnRe = new RegExp(`\\b${escapeRegExp(name)}\\s*\\(`, 'g');
  const secLines: number[] = [];
  for (let m = secRe.exec(text); m; m = secRe.exec(text)) secLines.push(lineOf(m.index));
  const fnLines: number[] = [];
  for (let m = fnRe.exec(text); m; m = fnRe.exec(text)) fnLines.push(lineOf(m.index));
  // The SEC line whose function definition follows within a few lines.
  for (const s of secLines) if (fnLines.some((f) => f >= s && f <= s + 3)) return s;
  if (secLines.length === 1) return secLines[0];
  return fnLines[0];
}

/** Columns [start, end) (0-based) of the code on a line, without indentation and trailing comment. */
export function codeExtent(line: string): { start: number; end: number } {
  const start = line.search(/\S/);
  if (start < 0) return { start: 0, end: 0 };
  let end = line.length;
  const comment = line.indexOf('//', start);
  if (comment >= 0) end = comment;
  while (end > start && /\s/.test(line.charAt(end - 1))) end--;
  return { start, end };
}

/**
 * A client's position made safe: line and character integers inside the document (a character of
 * 100,000,000 or a line of -1 from a buggy or hostile client must cost nothing).
 */
export function clampPosition(
  text: string,
  position: { line: number; character: number },
): { line: number; character: number } {
  const starts = lineStarts(text);
  const int = (n: number) => (Number.isFinite(n) ? Math.trunc(n) : 0);
  const line = Math.min(Math.max(0, int(position.line)), starts.length - 1);
  const character = Math.min(Math.max(0, int(position.character)), lineText(text, line, starts).length);
  return { line, character };
}

/** The C identifier touching 0-based `character` on the line, with its extent. */
export function wordAt(line: string, character: number): { word: string; start: number; end: number } | undefined {
  // Past the end, line[i] is undefined and /\w/ matches its string "undefined": clamp first.
  const at = Math.min(Math.max(0, Number.isFinite(character) ? Math.trunc(character) : 0), line.length);
  let start = at;
  let end = at;
  while (start > 0 && /\w/.test(line.charAt(start - 1))) start--;
  while (end < line.length && /\w/.test(line.charAt(end))) end++;
  if (start === end) return undefined;
  const word = line.slice(start, end);
  return /^[A-Za-z_]\w*$/.test(word) ? { word, start, end } : undefined;
}

function escapeForRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Columns [start, end) of the C expression a verifier finding is about, on one line: the text of
 * `expression` (`ip->protocol`, spaces between tokens allowed; else its leading variable, as
 * `k` for `k.pad` on a line that passes `&k`) nearest to `column`, else the postfix expression
 * (`svc->backends[i].ip`) at `column`. Undefined when neither is on the line.
 */
export function expressionExtent(
  line: string,
  column: number | undefined,
  expression: string | undefined,
): { start: number; end: number } | undefined {
  const at = column ?? 0;
  const nearest = (re: RegExp): { start: number; end: number } | undefined => {
    let best: { start: number; end: number } | undefined;
    for (const m of line.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      const distance = at < start ? start - at : at >= end ? at - end + 1 : 0;
      const bestDistance = best
        ? at < best.start
          ? best.start - at
          : at >= best.end
            ? at - best.end + 1
            : 0
        : Infinity;
      if (distance < bestDistance) best = { start, end };
    }
    return best;
  };
  if (expression) {
    const tokens = expression.match(/[A-Za-z_]\w*|->|\d+|\S/g) ?? [];
    const spaced = tokens.map(escapeForRegExp).join('\\s*');
    const whole = tokens.length ? nearest(new RegExp(`(?<![\\w.>])${spaced}(?!\\w)`, 'g')) : undefined;
    if (whole) return whole;
    const base = /^[A-Za-z_]\w*/.exec(expression)?.[0];
    const variable = base ? nearest(new RegExp(`\\b${base}\\b`, 'g')) : undefined;
    if (variable) return variable;
  }
  if (column === undefined || column < 0 || column >= line.length) return undefined;
  return postfixExpressionAt(line, column);
}

/** The identifier at `column` grown over `->`, `.` and `[...]` both ways: `eth->h_proto`, `buf[i]`. */
function postfixExpressionAt(line: string, column: number): { start: number; end: number } | undefined {
  const word = /\w/;
  let start = column;
  let end = column;
  if (!word.test(line[column] ?? '')) return undefined;
  // A statement keyword (`return`, `for`) is no expression: the caller squiggles the statement.
  while (start > 0 && word.test(line[start - 1] ?? '')) start--;
  while (end < line.length && word.test(line[end] ?? '')) end++;
  if (/^(?:return|for|while|if|do|switch|goto|break|continue|else)$/.test(line.slice(start, end))) return undefined;
  for (;;) {
    const before = line.slice(0, start);
    const m = /([A-Za-z_]\w*(?:\[[^\]]*\])*)\s*(?:->|\.)\s*$/.exec(before);
    if (!m) break;
    start = m.index;
  }
  for (;;) {
    const rest = line.slice(end);
    const m = /^(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\[[^\]]*\])/.exec(rest);
    if (!m) break;
    end += m[0].length;
  }
  return { start, end };
}
