// The kernel's rule for ARG_PTR_TO_CONST_STR (bpf_strncmp's s2, bpf_snprintf's format): a pointer
// at a constant offset into a frozen read-only map (on a libbpf load, a `.rodata` global), whose
// initial bytes hold a NUL before the end of the value. The kernel reads the string at load time.
import type { MapDefinition } from '../program/types';
import { T, payload, type Value } from './value';

/** Why `v` is not a constant string the kernel accepts, or undefined when it is. */
export function constStrProblem(v: Value, maps: readonly MapDefinition[]): string | undefined {
  if (v.t !== T.shared) return 'must point into a read-only map (a `const` global)';
  const m = payload(v, 'shared');
  const defs = m.maps.map((i) => maps[i]);
  if (defs.length === 0 || defs.some((d) => !d?.readOnly || !d.initialValue))
    return 'must point into a read-only map (a `const` global); this map is writable by programs';
  if (m.off.lo !== m.off.hi) return 'must point at a constant offset of the read-only map';
  const off = m.off.lo;
  for (const d of defs) {
    const bytes = d?.initialValue;
    if (!bytes || off < 0 || off >= bytes.length) return 'points outside the read-only map';
    if (bytes.subarray(off).indexOf(0) < 0) return 'must be a NUL-terminated string, but its bytes hold no NUL';
  }
  return undefined;
}
