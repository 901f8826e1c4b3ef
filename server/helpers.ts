// Helper lookups over a platform profile (by name; per program type), cached per profile.

import type { HelperPrototype, PlatformProfile, ProgramType } from '../core/platform/types';

const byNameCache = new WeakMap<PlatformProfile, Map<string, { helper: HelperPrototype; programTypes: string[] }>>();

/** Every helper of the platform by C name, with the program types that offer it (empty = global). */
export function helpersByName(
  profile: PlatformProfile,
): Map<string, { helper: HelperPrototype; programTypes: string[] }> {
  let index = byNameCache.get(profile);
  if (index) return index;
  index = new Map();
  for (const h of profile.helpers.values()) index.set(h.name, { helper: h, programTypes: [] });
  for (const t of profile.programTypes) {
    for (const h of t.helpers.values()) {
      const e = index.get(h.name);
      if (e) {
        if (e.programTypes.length > 0 && !e.programTypes.includes(t.name)) e.programTypes.push(t.name);
      } else index.set(h.name, { helper: h, programTypes: [t.name] });
    }
  }
  byNameCache.set(profile, index);
  return index;
}

/** Helpers a program of this type may call (global minus forbidden and unimplemented, plus its own); all when unknown. */
export function helpersFor(profile: PlatformProfile, type: ProgramType | undefined): HelperPrototype[] {
  if (!type) return [...helpersByName(profile).values()].map((e) => e.helper);
  const out = new Map<string, HelperPrototype>();
  for (const h of profile.helpers.values())
    if (!type.forbiddenHelpers?.has(h.id) && !type.unimplementedHelpers?.has(h.id)) out.set(h.name, h);
  for (const h of type.helpers.values()) out.set(h.name, h);
  return [...out.values()];
}
