// What a map's creation flags let programs do with its values (Linux): BPF_F_RDONLY_PROG forbids
// writes through a value pointer (libbpf sets it on `.rodata`), BPF_F_WRONLY_PROG forbids reads.
// The kernel checks both on every access, by instruction or by helper (check_map_access_type).
import type { MapDefinition } from '../program/types';

export const BPF_F_RDONLY_PROG = 0x80;
export const BPF_F_WRONLY_PROG = 0x100;

/** Whether programs may not access this map's values that way. */
export function progAccessForbidden(map: MapDefinition, mode: 'read' | 'write'): boolean {
  if (mode === 'write') return !!map.readOnly || (map.flags & BPF_F_RDONLY_PROG) !== 0;
  return (map.flags & BPF_F_WRONLY_PROG) !== 0;
}
