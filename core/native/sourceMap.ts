// A source map (v3) from generated C lines to the original C file:line:column, with the
// instruction pc as the mapping's name (`pc=N`) so tools can also go from C back to bytecode.

import { SourceMapGenerator } from 'source-map';
import type { NativeOutput } from './types';

export function nativeSourceMap(output: NativeOutput, generatedFile: string): string {
  const gen = new SourceMapGenerator({ file: generatedFile });
  output.lines.forEach((l, n) => {
    if (!l.location || l.text.startsWith('#line')) return;
    gen.addMapping({
      generated: { line: n + 1, column: 0 },
      original: { line: l.location.line, column: Math.max(0, l.location.column - 1) },
      source: l.location.file,
      ...(l.pc !== undefined ? { name: `pc=${l.pc}` } : {}),
    });
  });
  return gen.toString();
}

/** C lines (1-based) generated for a source line of a file, for cursor sync from the source. */
export function generatedLinesFor(output: NativeOutput, file: string, line: number): number[] {
  const out: number[] = [];
  output.lines.forEach((l, n) => {
    if (
      l.pc !== undefined &&
      !l.text.startsWith('#line') &&
      l.location?.line === line &&
      sameFile(l.location.file, file)
    )
      out.push(n + 1);
  });
  return out;
}

/** The source location of a generated C line (1-based), for cursor sync from the C. */
export function sourceFor(output: NativeOutput, cLine: number) {
  for (let n = cLine - 1; n >= 0; n--) {
    const l = output.lines[n];
    if (l?.location) return { ...l.location, pc: l.pc };
    if (l && /^(static uint64_t|}|#line __LINE__)/.test(l.text)) return undefined;
  }
  return undefined;
}

function sameFile(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\\/g, '/');
  const x = norm(a);
  const y = norm(b);
  return x === y || x.endsWith('/' + y) || y.endsWith('/' + x);
}
