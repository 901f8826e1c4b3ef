// ebpf/convertToNative (declared in protocol.ts): the document's verified programs as C in
// bpf2c's shape (core/native), with a line map for cursor sync and the source map for Save As.

import path from 'node:path';
import { generateC, NativeError } from '../core/native/generate';
import { nativeSourceMap } from '../core/native/sourceMap';
import type { Analysis } from './analysis';
import { onRequest, type ServerContext } from './context';
import { convertToNative, type NativeConversionResult } from '../common/protocol';

function explain(version: number, error: string, detail: readonly string[] = []): NativeConversionResult {
  const text = [`// No C generated: ${error}`, ...detail.map((d) => `//   ${d}`), ''].join('\n');
  return { version, text, sourceLineOf: [], pcOf: [], error };
}

function sameFile(recorded: string, document: string): boolean {
  return recorded === document || path.basename(recorded) === path.basename(document);
}

export function buildNativeConversion(a: Analysis): NativeConversionResult {
  if (a.compile.kind !== 'compiled') return explain(a.version, 'the file does not compile (see Problems)');
  if (a.loadError) return explain(a.version, a.loadError);
  if (a.programs.length === 0) return explain(a.version, 'the file holds no eBPF program');
  const rejected = a.programs.filter((p) => p.result?.verdict !== 'pass');
  if (rejected.length > 0) {
    const lines = rejected.flatMap((p) =>
      (p.result?.diagnostics ?? [])
        .filter((d) => d.severity === 'error')
        .map(
          (d) => `${p.program.section}/${p.program.name}: ${d.location ? `line ${d.location.line}: ` : ''}${d.message}`,
        ),
    );
    return explain(
      a.version,
      'verification failed, as bpf2c would refuse it',
      lines.length ? lines : ['verifier error'],
    );
  }
  try {
    const fileName = path.basename(a.filePath).replace(/\.c$/, '.o');
    const out = generateC(
      a.programs.map((p) => p.program),
      { fileName },
    );
    const sourceLineOf = out.lines.map((l) =>
      l.location && !l.text.startsWith('#line') && sameFile(l.location.file, a.filePath) ? l.location.line - 1 : -1,
    );
    const pcOf = out.lines.map((l) => l.pc ?? -1);
    const cName = fileName.replace(/\.o$/, '.c');
    return { version: a.version, text: out.code, sourceLineOf, pcOf, sourceMap: nativeSourceMap(out, cName) };
  } catch (e) {
    if (e instanceof NativeError) return explain(a.version, e.message);
    throw e;
  }
}

export function register(ctx: ServerContext): void {
  onRequest(ctx, convertToNative, async ({ textDocument }) => {
    const a = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    return a ? buildNativeConversion(a) : null;
  });
}
