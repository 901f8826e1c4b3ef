// Maps a program type may not use at all (the kernel's check_map_prog_compatibility, run for every
// map an instruction names): a value holding a `struct bpf_spin_lock` is refused to socket filters
// and tracing programs (kprobe, tracepoint, perf_event, raw tracepoints), one holding a
// `struct bpf_timer` to tracing programs. The kernel refuses before it looks at the code.
import type { Btf } from '../btf/parse';
import { MAX_TYPE_DEPTH, skipModifiers } from '../btf/layout';
import { BtfKind } from '../btf/types';
import type { MapDefinition } from '../program/types';

const TRACING_TYPES = new Set(['kprobe', 'tracepoint', 'perf_event', 'raw_tracepoint', 'raw_tracepoint_writable']);

/** Whether the BTF type (a map value) holds a struct of that name, nested structs and arrays included. */
function holdsStruct(btf: Btf, typeId: number, name: string, depth = 0): boolean {
  if (depth > MAX_TYPE_DEPTH || typeId === 0) return false;
  const t = skipModifiers(btf, typeId);
  if (t.kind === BtfKind.ARRAY) return holdsStruct(btf, t.type, name, depth + 1);
  if (t.kind !== BtfKind.STRUCT && t.kind !== BtfKind.UNION) return false;
  if (t.kind === BtfKind.STRUCT && t.name === name) return true;
  return t.members.some((m) => holdsStruct(btf, m.type, name, depth + 1));
}

/** The kernel's refusal of `map` for a program of type `programType` (Linux type names), or undefined. */
export function mapProgIncompatibility(
  btf: Btf | undefined,
  map: MapDefinition,
  programType: string | undefined,
): string | undefined {
  if (!btf || !programType || map.valueTypeId === 0) return undefined;
  const tracing = TRACING_TYPES.has(programType);
  if (!tracing && programType !== 'socket_filter') return undefined;
  try {
    if (holdsStruct(btf, map.valueTypeId, 'bpf_spin_lock'))
      return `${tracing ? 'tracing' : 'socket filter'} programs cannot use maps whose values hold a bpf_spin_lock (\`${map.name}\`)`;
    if (tracing && holdsStruct(btf, map.valueTypeId, 'bpf_timer'))
      return `tracing programs cannot use maps whose values hold a bpf_timer (\`${map.name}\`)`;
  } catch {
    return undefined; // damaged BTF: the loader already warned; say nothing here
  }
  return undefined;
}
