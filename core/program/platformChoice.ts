// Which platform profile an object is loaded for: the caller's choice, or detection from the
// object's sections and symbols (and the source text, when the caller has it).

import type { ElfFile } from '../elf/elf';
import { detectPlatform, profileById } from '../platform/index';
import type { PlatformId, PlatformProfile } from '../platform/types';

export type PlatformOption = PlatformProfile | PlatformId | 'auto';

export function choosePlatform(
  elf: ElfFile,
  options: { platform?: PlatformOption; sourceText?: string },
): { profile: PlatformProfile; reason: string } {
  const choice = options.platform ?? 'auto';
  if (typeof choice === 'object') return { profile: choice, reason: `${choice.displayName} was chosen by the caller.` };
  if (choice !== 'auto') {
    const profile = profileById(choice);
    return { profile, reason: `${profile.displayName} was chosen by the caller.` };
  }
  const detection = detectPlatform({
    sectionNames: elf.sections.map((s) => s.name),
    symbolNames: elf.symbols.map((s) => s.name),
    sourceText: options.sourceText,
  });
  return { profile: detection.platform, reason: detection.reason };
}
