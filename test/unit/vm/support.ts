// Shared helpers for the VM tests: programs from conformance-syntax assembly, with map
// references written as `lddw %rN, map:NAME` and map definitions built from a platform's types.
import { assemble } from '../../../core/isa/assemble';
import type { Instruction } from '../../../core/isa/instruction';
import type { PlatformProfile } from '../../../core/platform/types';
import { createProgram } from '../../../core/program/fromInstructions';
import type { MapDefinition, Program } from '../../../core/program/types';

export interface MapSpec {
  readonly name: string;
  /** The platform's display name of the type (hash, array, lru_hash, lpm_trie, prog_array...). */
  readonly type: string;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
}

export function mapDefs(platform: PlatformProfile, specs: readonly MapSpec[]): MapDefinition[] {
  return specs.map((s, index) => {
    const info = [...platform.mapTypes.values()].find((t) => t.name === s.type);
    if (!info) throw new Error(`platform ${platform.id} has no map type '${s.type}'`);
    return {
      index,
      name: s.name,
      type: info.number,
      typeInfo: info,
      keySize: s.keySize,
      valueSize: s.valueSize,
      maxEntries: s.maxEntries,
      flags: 0,
      keyTypeId: 0,
      valueTypeId: 0,
      pinning: 0,
      origin: 'btf' as const,
    };
  });
}

/** Assemble `text`; `lddw %rN, map:NAME` becomes a map reference (src=1, imm=map index). */
export function program(
  platform: PlatformProfile,
  text: string,
  options: { type?: string; maps?: readonly MapSpec[]; name?: string; section?: string } = {},
): Program {
  const maps = mapDefs(platform, options.maps ?? []);
  const refs: number[] = [];
  const source = text.replace(/map:(\w+)/g, (_, name: string) => {
    const m = maps.find((x) => x.name === name);
    if (!m) throw new Error(`unknown map ${name}`);
    refs.push(m.index);
    return String(0x4d41500000 + m.index);
  });
  const insns: Instruction[] = assemble(source).map((i) => {
    if (i.opcode === 0x18 && i.imm64 !== undefined && i.imm64 >= 0x4d41500000n && i.imm64 < 0x4d41500000n + 256n) {
      const index = Number(i.imm64 - 0x4d41500000n);
      return { ...i, src: 1, imm: index, imm64: BigInt(index) };
    }
    return i;
  });
  const type = options.type ? platform.programTypes.find((t) => t.name === options.type) : undefined;
  if (options.type && !type) throw new Error(`platform ${platform.id} has no program type ${options.type}`);
  return createProgram({
    section: options.section ?? options.type ?? '.text',
    name: options.name ?? 'main',
    platform,
    programType: type,
    instructions: insns,
    maps,
  });
}

export function hex(b: Uint8Array | undefined): string {
  return b ? Buffer.from(b).toString('hex') : '';
}

export function bytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
}
