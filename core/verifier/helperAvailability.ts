// The wording of a call to a helper the program type may not call: the type, and the types that may.
import { programTypesOffering } from '../platform/build';
import type { PlatformProfile, ProgramType } from '../platform/types';

/** At most this many types are named; the rest are counted. */
const MAX_NAMED = 8;

export function helperUnavailableMessage(
  platform: PlatformProfile,
  programType: ProgramType | undefined,
  id: number,
  globalName: string | undefined,
): string {
  // A helper of another program type (eBPF for Windows' ids above 0xFFFF) is named there.
  const name = globalName ?? platform.programTypes.map((t) => t.helpers.get(id)?.name).find((n) => n !== undefined);
  const helper = name ? `\`${name}\` (id ${id})` : `id ${id}`;
  const type = programType ? `${programType.name} programs` : 'this program type';
  const numbering =
    platform.id === 'windows' && !name
      ? ' (eBPF for Windows numbers its helpers differently from Linux; include the eBPF for Windows headers)'
      : '';
  return `helper ${helper} is not available for ${type} on ${platform.displayName}${numbering}${name ? `; ${offeredTo(platform, id, name)}` : ''}`;
}

function offeredTo(platform: PlatformProfile, id: number, name: string): string {
  const types = programTypesOffering(platform, id, name);
  if (types.length === 0) return `no program type may call it on ${platform.displayName}`;
  const named = types.slice(0, MAX_NAMED).join(', ');
  const more = types.length > MAX_NAMED ? ` and ${types.length - MAX_NAMED} more` : '';
  return `program types that may call it: ${named}${more}`;
}
