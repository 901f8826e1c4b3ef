// The platform profiles and the detection of which one an object targets.
import { linuxProfile } from './linux';
import type { PlatformId, PlatformProfile } from './types';
import { windowsProfile } from './windows';

export { btfEvidence, detectPlatform, includedHeaders, WINDOWS_MARKER_SECTION } from './detect';
export type { BtfEvidence, Detection, DetectInput, PlatformSetting } from './detect';
export { linuxProfile } from './linux';
export { programTypesOffering } from './build';
export { windowsProfile } from './windows';
export * from './types';

export const allProfiles: readonly PlatformProfile[] = [windowsProfile, linuxProfile];

/** The profile for an id; an unknown id (e.g. from a settings file) is an error naming it. */
export function profileById(id: string): PlatformProfile {
  const profile = allProfiles.find((p) => p.id === id);
  if (!profile)
    throw new Error(`unknown platform "${id}" (expected ${allProfiles.map((p) => `"${p.id}"`).join(' or ')})`);
  return profile;
}

export function isPlatformId(value: string): value is PlatformId {
  return value === 'windows' || value === 'linux';
}
