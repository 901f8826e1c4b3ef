// Which platform profile an object is loaded for: the caller's choice, or detection.

import type { ElfFile } from '../elf/elf';
import type { PlatformProfile } from '../platform/types';
import { LoadError } from './errors';

export function choosePlatform(
  _elf: ElfFile,
  options: { platform?: PlatformProfile | 'auto'; sourceText?: string; fileName?: string },
): { profile: PlatformProfile; reason: string } {
  if (options.platform && options.platform !== 'auto') {
    return { profile: options.platform, reason: `${options.platform.displayName} was chosen explicitly` };
  }
  throw new LoadError('platform detection is not available yet; pass a platform profile');
}
