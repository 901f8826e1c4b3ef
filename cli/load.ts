// Shared by the commands: read an object, choose its platform, and load it.
import { ElfError } from '../core/elf/errors';
import { allProfiles, type PlatformProfile } from '../core/platform/index';
import { LoadError } from '../core/program/errors';
import { loadObject, type LoadedObject } from '../core/program/loader';
import { parseProgramTypeRule, type ProgramTypeRule } from '../core/program/programTypes';
import { CliError, type CliIo } from './io';

export function platformOption(value: string | undefined): PlatformProfile | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const profile = allProfiles.find((p) => p.id === value);
  if (!profile)
    throw new CliError(
      `--platform: unknown platform '${value}' (expected: auto, ${allProfiles.map((p) => p.id).join(', ')})`,
      'usage',
    );
  return profile;
}

/**
 * The C source beside the object (x.o -> x.c), when there is one: its #includes help detection
 * and it fills line text that BTF left empty.
 */
function sourceBeside(io: CliIo, file: string): string | undefined {
  return file.endsWith('.o') ? io.readText(file.slice(0, -2) + '.c') : undefined;
}

/** `--type xdp` / `--type SECTION=TYPE` (repeatable) as program type rules. */
export function typeRules(values: readonly string[] | undefined): ProgramTypeRule[] {
  try {
    return (values ?? []).map((v) => parseProgramTypeRule(v, '--type'));
  } catch (e) {
    if (e instanceof LoadError) throw new CliError(e.message);
    throw e;
  }
}

export function loadFile(
  io: CliIo,
  file: string,
  platform: PlatformProfile | 'auto',
  programTypes: readonly ProgramTypeRule[] = [],
): LoadedObject {
  const bytes = io.readFile(file);
  const sourceText = sourceBeside(io, file);
  try {
    // 'auto': core/program detects the platform from the object (marker section, debug-info
    // headers, BTF, section names) and the source beside it.
    return loadObject(bytes, {
      fileName: file,
      platform,
      ...(sourceText !== undefined && { sourceText }),
      programTypes,
    });
  } catch (e) {
    // LoadError messages already start with the file name.
    if (e instanceof LoadError) throw new CliError(e.message);
    if (e instanceof ElfError) throw new CliError(`${file}: invalid ELF: ${e.message}`);
    throw e;
  }
}
