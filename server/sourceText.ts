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
