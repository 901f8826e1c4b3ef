// Which platform to compile for, before any object exists: core/platform's detection applied to
// the source (its includes and SEC names). The loader's detection on the object (the
// `.ebpf_for_windows` marker section) has the final word when the setting is "auto".

import { detectPlatform } from '../core/platform/index';
import type { PlatformSetting } from '../common/protocol';

export interface PlatformGuess {
  readonly id: 'windows' | 'linux';
  readonly reason: string;
  readonly source: 'setting' | 'detected';
}

export function sectionNamesInSource(text: string): string[] {
  return [...text.slice(0, 256 * 1024).matchAll(/\bSEC\s*\(\s*"([^"\n]*)"\s*\)/g)].flatMap((m) => m[1] ?? []);
}

export function guessPlatform(sourceText: string, setting: PlatformSetting): PlatformGuess {
  const d = detectPlatform({ sectionNames: sectionNamesInSource(sourceText), sourceText, setting });
  return { id: d.platform.id, reason: d.reason, source: setting === 'auto' ? 'detected' : 'setting' };
}
