// Which platform to compile for, before any object exists. The loader's detection on the object
// (the `.ebpf_for_windows` marker section) has the final word when the setting is "auto"; this
// guess only picks the header set and flags clang needs.

import type { PlatformSetting } from './protocol';

export interface PlatformGuess {
  readonly id: 'windows' | 'linux';
  readonly reason: string;
  readonly source: 'setting' | 'detected';
}

const WINDOWS_MARKERS: readonly [RegExp, string][] = [
  [/#\s*include\s*[<"](?:[^>"]*\/)?(?:bpf_helpers_platform|ebpf_nethooks|ebpf_structs|ebpf_types|ebpf_helpers|xdp_hooks|bind_hooks|sock_addr_hooks|sock_ops_hooks)\.h[>"]/, 'includes an eBPF for Windows header'],
  // eBPF for Windows programs include "bpf_helpers.h" directly; libbpf's lives at <bpf/bpf_helpers.h>.
  [/#\s*include\s*"bpf_helpers\.h"/, 'includes "bpf_helpers.h" the eBPF for Windows way'],
  [/\.ebpf_for_windows/, 'mentions the .ebpf_for_windows section'],
  [/SEC\s*\(\s*"(?:bind|sockops|cgroup\/sock_addr|sock_addr)"/, 'has a Windows-only program section'],
];
const LINUX_MARKERS: readonly [RegExp, string][] = [
  [/#\s*include\s*[<"](?:linux\/[^>"]+|vmlinux\.h|bpf\/bpf_helpers\.h)[>"]/, 'includes Linux/libbpf headers'],
];

export function guessPlatform(sourceText: string, setting: PlatformSetting): PlatformGuess {
  if (setting === 'windows' || setting === 'linux') return { id: setting, reason: `setting ebpf.platform = "${setting}"`, source: 'setting' };
  const head = sourceText.slice(0, 256 * 1024);
  for (const [re, why] of WINDOWS_MARKERS) if (re.test(head)) return { id: 'windows', reason: `the source ${why}`, source: 'detected' };
  for (const [re, why] of LINUX_MARKERS) if (re.test(head)) return { id: 'linux', reason: `the source ${why}`, source: 'detected' };
  return { id: 'linux', reason: 'no platform-specific header found; Linux is the default', source: 'detected' };
}
