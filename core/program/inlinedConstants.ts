// Global constants an agent's loader inlines (PlatformProfile.loaderInlinedConstants): Cilium's
// loader turns each lddw of a `__config_` variable in `.rodata.config` into an immediate load of
// the variable's value, so the kernel sees a number where libbpf would hand it a map value pointer.

import { SymbolType } from '../elf/constants';
import type { ElfFile } from '../elf/elf';
import type { PlatformProfile } from '../platform/types';

export interface InlinedConstant {
  readonly name: string;
  /** The value in the object (the loader's default; the agent may write another of that width). */
  readonly value: bigint;
}

/** (section index, byte offset) → the inlined constant there, if the platform's loader inlines it. */
export type InlinedConstantAt = (sectionIndex: number, offset: number) => InlinedConstant | undefined;

const WIDTHS = new Set([1, 2, 4, 8]);

export function inlinedConstants(elf: ElfFile, platform: PlatformProfile): InlinedConstantAt | undefined {
  const convention = platform.loaderInlinedConstants;
  if (!convention) return undefined;
  const section = elf.sectionByName(convention.section);
  if (!section) return undefined;
  const byOffset = new Map<number, InlinedConstant>();
  for (const symbol of elf.symbols) {
    if (symbol.sectionIndex !== section.index || symbol.type !== SymbolType.OBJECT) continue;
    if (!symbol.name.startsWith(convention.prefix) || !WIDTHS.has(symbol.size)) continue;
    if (symbol.value < 0 || symbol.value + symbol.size > section.size) continue;
    byOffset.set(symbol.value, { name: symbol.name, value: littleEndian(section.data, symbol.value, symbol.size) });
  }
  if (byOffset.size === 0) return undefined;
  return (sectionIndex, offset) => (sectionIndex === section.index ? byOffset.get(offset) : undefined);
}

/** A NOBITS section has no bytes in the file: its variables are zero. */
function littleEndian(data: Uint8Array, offset: number, size: number): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[offset + i] ?? 0);
  return value;
}
