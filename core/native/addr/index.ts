// core/native/addr: from a native address (or a pasted stack trace) back to the eBPF program, the C
// line, the instruction and its disassembly. The CLI's `ebpf addr2line` and the language server's
// ebpf/resolveNativeAddress both call resolveNativeAddresses.

import fs from 'node:fs';
import { nodeHost } from '../../toolchain/compile';
import type { ToolchainHost } from '../../toolchain/locate';
import type { Program } from '../../program/types';
import { generateC, NativeError } from '../generate';
import {
  parseAddressArgument,
  parseAddressInput,
  parseAddressText,
  moduleNameOf,
  type AddressFrame,
  type ParseOptions,
} from './query';
import { resolveAddresses, type AddressResolution } from './resolve';
import { locateSymbolizer, runSymbolizer, SymbolizerError } from './symbolizer';

export * from './query';
export * from './resolve';
export * from './symbolizer';
export { generatedFunctions, pcsAtLine, sameSourceFile, type GeneratedFunction } from './generated';

export interface NativeAddressRequest {
  /** The native image: the Linux runner, a .sys/.dll (its PDB beside it or where its CodeView record says). */
  readonly image: string;
  /** Address arguments (each one address), or one pasted text (a trace: frames are found in it). */
  readonly addresses:
    | { readonly kind: 'arguments'; readonly values: readonly string[] }
    | { readonly kind: 'text'; readonly text: string }
    /** What a user typed or pasted: a trace, one frame, or addresses separated by spaces. */
    | { readonly kind: 'input'; readonly text: string };
  /** The image's load base, for run-time addresses. */
  readonly base?: bigint;
  /** The eBPF programs the image was generated from (all programs of the object, in order). */
  readonly programs?: readonly Program[];
  /** The object's file name, as given to the generator (the table prefix comes from it). */
  readonly objectName?: string;
  /** A configured llvm-symbolizer (trusted workspaces only). */
  readonly symbolizerPath?: string;
  readonly host?: ToolchainHost;
}

export interface NativeAddressAnswer {
  readonly image: string;
  readonly symbolizer: string;
  readonly results: readonly AddressResolution[];
  /** Why programs could not be matched (the object did not convert), when it could not. */
  readonly warning?: string;
}

/** Throws AddressSyntaxError (bad input), SymbolizerError (no symbolizer) or a plain Error (no image). */
export function resolveNativeAddresses(request: NativeAddressRequest): NativeAddressAnswer {
  if (!fs.existsSync(request.image)) throw new SymbolizerError(`${request.image}: no such image`);
  const imageModule = moduleNameOf(request.image);
  const parseOptions: ParseOptions = request.base !== undefined ? { base: request.base } : {};
  const a = request.addresses;
  const frames: AddressFrame[] =
    a.kind === 'text'
      ? parseAddressText(a.text, imageModule, parseOptions)
      : a.kind === 'input'
        ? parseAddressInput(a.text, imageModule, parseOptions)
        : a.values.map((v) => parseAddressArgument(v, imageModule, parseOptions));
  const symbolizer = locateSymbolizer(request.host ?? nodeHost(), request.symbolizerPath);
  let generated;
  let warning: string | undefined;
  if (request.programs && request.programs.length > 0) {
    try {
      const output = generateC(request.programs, { fileName: request.objectName ?? 'program.o' });
      generated = { programs: request.programs, output };
    } catch (e) {
      if (!(e instanceof NativeError)) throw e;
      warning = `the object does not convert to C, so its programs cannot be matched: ${e.message}`;
    }
  }
  const results = resolveAddresses({
    frames,
    imageModule,
    ...(generated ? { generated } : {}),
    symbolize: (inputs) => runSymbolizer(symbolizer.path, request.image, inputs),
  });
  return { image: request.image, symbolizer: symbolizer.path, results, ...(warning ? { warning } : {}) };
}

/** A resolution as one or more text lines (the CLI's text output and the client's output channel). */
export function formatResolution(r: AddressResolution): string {
  const lines = [r.input];
  if (r.program)
    lines.push(
      `  program ${r.program.section}/${r.program.name}${r.program.function !== r.program.name ? `, function ${r.program.function}` : ''} (C function ${r.program.cFunction})`,
    );
  if (r.source) lines.push(`  at ${r.source.file}:${r.source.line}${r.source.column > 0 ? `:${r.source.column}` : ''}`);
  const outer = r.native.slice(1);
  if (r.native[0] && !r.program) lines.push(`  native ${r.native[0].function}${r.address ? ` at ${r.address}` : ''}`);
  for (const o of outer) lines.push(`  inlined into ${o.function} at ${o.file}:${o.line}`);
  for (const i of r.instructions) lines.push(`  ${String(i.pc).padStart(6)}: ${i.text}`);
  if (r.message) lines.push(`  (${r.status}: ${r.message})`);
  return lines.join('\n');
}
