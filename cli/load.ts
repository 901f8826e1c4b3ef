// Shared by the commands: read an object and load it for the chosen platform.
import { LoadError } from '../core/program/errors';
import { loadObject, type LoadedObject } from '../core/program/loader';
import type { PlatformProfile } from '../core/platform/types';
import { windowsProfile } from '../core/platform/windows';
import { CliError, type CliIo } from './io';

/** Profiles the CLI can name with --platform. (Linux joins when core/platform/linux.ts exists.) */
const PROFILES: Readonly<Record<string, PlatformProfile>> = { windows: windowsProfile };

export function platformOption(value: string | undefined): PlatformProfile | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const profile = PROFILES[value];
  if (!profile) throw new CliError(`unknown platform '${value}' (expected: auto, ${Object.keys(PROFILES).join(', ')})`);
  return profile;
}

export function loadFile(io: CliIo, file: string, platform: PlatformProfile | 'auto'): LoadedObject {
  const bytes = io.readFile(file);
  try {
    return loadObject(bytes, { fileName: file, platform });
  } catch (e) {
    // LoadError messages already start with the file name.
    if (e instanceof LoadError) throw new CliError(e.message);
    throw e;
  }
}
