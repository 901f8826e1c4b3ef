// Pure: the C expression under the cursor for the debugger's hover. On `ip->daddr`, hovering
// `daddr` gives `ip->daddr` and hovering `ip` gives `ip`; `key.port`, `svc->backend_count` alike.
// Keywords, numbers, comments and strings give nothing.

const KEYWORDS = new Set([
  'if',
  'else',
  'return',
  'for',
  'while',
  'do',
  'switch',
  'case',
  'break',
  'continue',
  'struct',
  'union',
  'enum',
  'sizeof',
  'static',
  'const',
  'volatile',
  'void',
  'int',
  'char',
  'long',
  'short',
  'unsigned',
  'signed',
  'goto',
  'typedef',
  'inline',
]);

/** The expression and its [start, end) columns (0-based), or undefined. */
export function cExpressionAt(line: string, column: number): { text: string; start: number; end: number } | undefined {
  // Not inside a // comment or a string before the cursor.
  const comment = line.indexOf('//');
  if (comment >= 0 && comment <= column) return undefined;
  const quotes = (line.slice(0, column).match(/"/g) ?? []).length;
  if (quotes % 2 === 1) return undefined;
  const chain = /[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*/g;
  for (let m = chain.exec(line); m; m = chain.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (column < start || column > end) continue;
    // Cut the chain after the identifier under the cursor.
    const ident = /[A-Za-z_]\w*/g;
    let cut = end;
    for (let p = ident.exec(m[0]); p; p = ident.exec(m[0])) {
      if (start + p.index <= column && column <= start + p.index + p[0].length) {
        cut = start + p.index + p[0].length;
        break;
      }
    }
    const text = line.slice(start, cut).replace(/\s+/g, '');
    const first = /^[A-Za-z_]\w*/.exec(text)?.[0];
    if (first === undefined) continue;
    if (KEYWORDS.has(first) || (first === text && /^[A-Z_][A-Z0-9_]+$/.test(first))) return undefined;
    return { text, start, end: cut };
  }
  return undefined;
}
