// Which platform profile an object is loaded for: the caller's choice, or detection from the
// object's sections, symbols and BTF (and the source text, when the caller has it).

import type { Btf } from '../btf/parse';
import { dwarfSourceFiles } from '../elf/dwarfFiles';
import type { ElfFile } from '../elf/elf';
import { btfEvidence, detectPlatform, profileById } from '../platform/index';
import type { PlatformId, PlatformProfile } from '../platform/types';

export type PlatformOption = PlatformProfile | PlatformId | 'auto';

export function choosePlatform(
  elf: ElfFile,
  options: { platform?: PlatformOption; sourceText?: string },
  btf?: Btf,
): { profile: PlatformProfile; reason: string } {
  const choice = options.platform ?? 'auto';
  if (typeof choice === 'object') return { profile: choice, reason: `${choice.displayName} was chosen by the caller.` };
  if (choice !== 'auto') {
    const profile = profileById(choice);
    return { profile, reason: `${profile.displayName} was chosen by the caller.` };
  }
  // Without the source, the headers recorded in the object's DWARF line table stand in for its
  // #include lines (as `dir/name.h`, the form both platforms' headers are spelled in).
  const headers = options.sourceText === undefined ? headersFromDebugInfo(elf) : [];
  const sourceText =
    options.sourceText ?? (headers.length > 0 ? headers.map((h) => `#include <${h}>`).join('\n') : undefined);
  const detection = detectPlatform({
    sectionNames: elf.sections.map((s) => s.name),
    symbolNames: elf.symbols.map((s) => s.name),
    ...(sourceText !== undefined ? { sourceText } : {}),
    fromObject: true,
    ...(btf ? { btf: btfEvidence(btf) } : {}),
  });
  const fromDebugInfo = headers.some((h) => detection.reason.includes(h));
  return {
    profile: detection.platform,
    reason: fromDebugInfo ? `From the object's debug info: ${detection.reason}` : detection.reason,
  };
}

function headersFromDebugInfo(elf: ElfFile): string[] {
  return dwarfSourceFiles(elf)
    .filter((file) => file.endsWith('.h'))
    .map((file) =>
      file
        .split('/')
        .filter((part) => part !== '' && part !== '.')
        .slice(-2)
        .join('/'),
    );
}
