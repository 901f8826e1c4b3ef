// ebpf/resolveNativeAddress (declared in protocol.ts): native addresses or a pasted stack trace,
// resolved against a native image through llvm-symbolizer and the document's programs
// (core/native/addr). The symbolizer is found as clang is (newest installed first).

import path from 'node:path';
import {
  AddressSyntaxError,
  formatResolution,
  parseHexNumber,
  resolveNativeAddresses,
  SymbolizerError,
} from '../core/native/addr/index';
import type { Program } from '../core/program/types';
import { onRequest, type ServerContext } from './context';
import {
  resolveNativeAddress,
  type ResolveNativeAddressParams,
  type ResolveNativeAddressResult,
} from '../common/protocol';

function failed(error: string): ResolveNativeAddressResult {
  return { results: [], text: [], error };
}

export function resolveForPrograms(
  params: ResolveNativeAddressParams,
  programs: readonly Program[] | undefined,
  objectName: string | undefined,
): ResolveNativeAddressResult {
  let base: bigint | undefined;
  if (params.base !== undefined && params.base.trim() !== '') {
    base = parseHexNumber(params.base);
    if (base === undefined) return failed(`the image base '${params.base}' is not a hexadecimal address`);
  }
  try {
    const answer = resolveNativeAddresses({
      image: params.image,
      addresses: { kind: 'input', text: params.text },
      ...(base !== undefined ? { base } : {}),
      ...(programs && programs.length > 0 ? { programs } : {}),
      ...(objectName !== undefined ? { objectName } : {}),
    });
    return {
      results: answer.results,
      text: answer.results.map(formatResolution),
      symbolizer: answer.symbolizer,
      ...(answer.warning ? { warning: answer.warning } : {}),
    };
  } catch (e) {
    if (e instanceof AddressSyntaxError || e instanceof SymbolizerError) return failed(e.message);
    throw e;
  }
}

export function register(ctx: ServerContext): void {
  onRequest(ctx, resolveNativeAddress, async (params) => {
    const a = params.textDocument ? await ctx.scheduler.forCurrentVersion(params.textDocument.uri) : undefined;
    const programs = a && !a.loadError ? a.programs.map((p) => p.program) : undefined;
    const objectName = a ? path.basename(a.filePath).replace(/\.c$/, '.o') : undefined;
    return resolveForPrograms(params, programs, objectName);
  });
}
