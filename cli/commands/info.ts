// `ebpf info FILE.o [--json]`: platform, executable sections, programs, maps, BTF presence.
import type { Btf } from '../../core/btf/parse';
import { BtfKind } from '../../core/btf/types';
import type { LoadedObject } from '../../core/program/loader';
import { describeTypeSource } from '../../core/program/programTypes';

/** The `--json` shape (issue 4, item 6). */
export interface InfoJson {
  platform: string;
  sections: { name: string; instructions: number }[];
  programs: {
    section: string;
    function: string;
    type: string | null;
    /** Where the type came from: `rule`, `section`, `tail-call` or `unknown`. */
    typeSource: string;
    typeReason: string;
    /** Present when the type's verdicts are not the kernel's own word (see ProgramType.verdictCaveat). */
    verdictCaveat?: string;
    instructions: number;
  }[];
  maps: { name: string; type: string; keySize: number; valueSize: number; maxEntries: number }[];
  btf: boolean;
  lineInfo: number;
  /** Programs that could not be linked, with the loader's reason. */
  failedPrograms: { section: string; function: string; error: string }[];
}

function mapTypeName(m: LoadedObject['maps'][number]): string {
  return m.typeInfo?.name ?? String(m.type);
}

export function infoJson(obj: LoadedObject): InfoJson {
  return {
    platform: obj.platform.id,
    sections: obj.sections.map((s) => ({ name: s.name, instructions: s.instructions })),
    programs: obj.programs.map((p) => ({
      section: p.section,
      function: p.name,
      type: p.programType?.name ?? null,
      typeSource: p.programTypeSource.kind,
      typeReason: describeTypeSource(p.section, p.programType, p.programTypeSource, obj.platform),
      ...(p.programType?.verdictCaveat ? { verdictCaveat: p.programType.verdictCaveat } : {}),
      instructions: p.instructions.length,
    })),
    maps: obj.maps.map((m) => ({
      name: m.name,
      type: mapTypeName(m),
      keySize: m.keySize,
      valueSize: m.valueSize,
      maxEntries: m.maxEntries,
    })),
    btf: obj.btf !== undefined,
    lineInfo: obj.lineInfoCount,
    failedPrograms: obj.failedPrograms.map((f) => ({ section: f.section, function: f.name, error: f.error })),
  };
}

/** A short C-like name for a BTF type id (enough to say what a map's key and value are). */
export function btfTypeName(btf: Btf | undefined, id: number, depth = 0): string {
  if (!btf || id === 0) return id === 0 ? 'void' : `type ${id}`;
  if (depth > 16) return '...';
  let t;
  try {
    t = btf.type(id);
  } catch {
    return `type ${id}`;
  }
  const inner = (tid: number) => btfTypeName(btf, tid, depth + 1);
  switch (t.kind) {
    case BtfKind.STRUCT:
      return `struct ${t.name || '(anon)'}`;
    case BtfKind.UNION:
      return `union ${t.name || '(anon)'}`;
    case BtfKind.ENUM:
    case BtfKind.ENUM64:
      return `enum ${t.name || '(anon)'}`;
    case BtfKind.PTR:
      return `${inner(t.type)} *`;
    case BtfKind.ARRAY:
      return `${inner(t.type)}[${t.count}]`;
    case BtfKind.CONST:
      return `const ${inner(t.type)}`;
    case BtfKind.VOLATILE:
      return `volatile ${inner(t.type)}`;
    default:
      return t.name || `type ${id}`;
  }
}

export function infoText(file: string, obj: LoadedObject): string {
  const out: string[] = [];
  out.push(`${file}`);
  out.push(`platform: ${obj.platform.displayName} (${obj.platformReason})`);
  out.push('sections:');
  for (const s of obj.sections) out.push(`  ${s.name}: ${s.instructions} instructions`);
  out.push('programs:');
  for (const p of obj.programs) {
    const subs = p.functions.filter((f) => !f.isEntry).map((f) => f.name);
    out.push(
      `  ${p.section}/${p.name}: type ${describeTypeSource(p.section, p.programType, p.programTypeSource, obj.platform)}, ${p.instructions.length} instructions` +
        (subs.length > 0 ? `, subprograms: ${subs.join(', ')}` : ''),
    );
    if (p.programType?.verdictCaveat) out.push(`    note: ${p.programType.verdictCaveat}`);
  }
  for (const f of obj.failedPrograms) out.push(`  ${f.section}/${f.name}: error: cannot be linked: ${f.error}`);
  out.push(obj.maps.length > 0 ? 'maps:' : 'maps: none');
  for (const m of obj.maps) {
    const types =
      (m.keyTypeId ? `, key type ${btfTypeName(obj.btf, m.keyTypeId)}` : '') +
      (m.valueTypeId ? `, value type ${btfTypeName(obj.btf, m.valueTypeId)}` : '');
    out.push(
      `  ${m.name}: ${mapTypeName(m)}, key size ${m.keySize}, value size ${m.valueSize}, max entries ${m.maxEntries}${types}`,
    );
  }
  out.push(`BTF: ${obj.btf ? 'yes' : 'no'}; line info: ${obj.lineInfoCount} records`);
  for (const w of obj.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}
