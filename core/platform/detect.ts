// Which platform does an object (or a source file) target? The rules, in order, each with a
// sentence the user sees:
//   1. the user's setting, when it is 'windows' or 'linux';
//   2. a `.ebpf_for_windows` section (emitted by our include/bpf_helpers.h and by eBPF for
//      Windows' bpf_helpers_platform.h);
//   3. the source includes Windows headers (ours or the official package's) or Linux ones;
//   4. section names only one platform knows (bind, sample_ext, cgroup/connect_authorization4 ...
//      vs kprobe/, tracepoint/, tc, socket ...);
//   5. a default.
// Default: WINDOWS. The product targets eBPF for Windows first, and the sections both platforms
// share (xdp, cgroup/connect4, sockops) are exactly the ones our examples and snippets use; a
// Linux program almost always reveals itself by <linux/bpf.h>, <bpf/bpf_helpers.h> or a
// Linux-only section before the default is reached. The reason says "default" so users know.
import { linuxProfile } from './linux';
import type { PlatformProfile } from './types';
import { windowsProfile } from './windows';

export type PlatformSetting = 'auto' | 'windows' | 'linux';

export interface DetectInput {
  readonly sectionNames: readonly string[];
  readonly symbolNames?: readonly string[];
  readonly sourceText?: string;
  readonly setting?: PlatformSetting;
}

export interface Detection {
  readonly platform: PlatformProfile;
  /** A sentence for users: why this platform was chosen. */
  readonly reason: string;
}

export const WINDOWS_MARKER_SECTION = '.ebpf_for_windows';

// Headers only eBPF for Windows programs include (ours in include/ and the official package's).
const WINDOWS_HEADERS = [
  'ebpf_nethooks.h',
  'bpf_helpers_platform.h',
  'ebpf_structs.h',
  'xdp_hooks.h',
  'xdp/ebpfhook.h',
  'ebpf_ntos_hooks.h',
  'ebpf_types.h',
];
// Headers only Linux programs include.
const LINUX_HEADERS = ['linux/bpf.h', 'bpf/bpf_helpers.h', 'bpf/bpf_tracing.h', 'bpf/bpf_core_read.h', 'vmlinux.h'];

// Section prefixes that only one platform knows. Shared ones (xdp, sockops, cgroup/connect4/6,
// cgroup/bind4/6) are deliberately absent.
const WINDOWS_ONLY_SECTIONS = ['bind', 'sample_ext', 'process', 'netevent', 'cgroup/connect_authorization', 'cgroup/recv_accept', 'cgroup/listen'];
const LINUX_ONLY_SECTIONS = [
  'kprobe/', 'kretprobe/', 'uprobe', 'uretprobe', 'ksyscall/', 'kretsyscall/', 'usdt/', 'tracepoint/', 'tp/', 'raw_tracepoint/', 'raw_tp/',
  'tp_btf/', 'fentry/', 'fexit/', 'fmod_ret/', 'lsm/', 'iter/', 'tc', 'classifier', 'action', 'tcx/', 'socket', 'perf_event',
  'cgroup_skb/', 'cgroup/skb', 'cgroup/sock', 'cgroup/post_bind', 'cgroup/sendmsg', 'cgroup/recvmsg', 'cgroup/getpeername',
  'cgroup/getsockname', 'cgroup/sysctl', 'cgroup/getsockopt', 'cgroup/setsockopt', 'cgroup/dev', 'sk_skb', 'sk_msg',
  'sk_lookup', 'sk_reuseport', 'flow_dissector', 'lwt_', 'struct_ops', 'xdp.frags',
];

export function detectPlatform(input: DetectInput): Detection {
  const setting = input.setting ?? 'auto';
  if (setting === 'windows' || setting === 'linux') {
    const platform = setting === 'windows' ? windowsProfile : linuxProfile;
    return { platform, reason: `${platform.displayName} was chosen by the ebpf.platform setting.` };
  }

  if (input.sectionNames.includes(WINDOWS_MARKER_SECTION)) {
    return { platform: windowsProfile, reason: `The object has a ${WINDOWS_MARKER_SECTION} section, which eBPF for Windows headers emit.` };
  }

  if (input.sourceText !== undefined) {
    const includes = includedHeaders(input.sourceText);
    const windowsHeader = includes.find((h) => WINDOWS_HEADERS.some((w) => h === w || h.endsWith(`/${w}`)));
    if (windowsHeader) {
      return { platform: windowsProfile, reason: `The source includes ${windowsHeader}, an eBPF for Windows header.` };
    }
    const linuxHeader = includes.find((h) => LINUX_HEADERS.includes(h));
    if (linuxHeader) {
      return { platform: linuxProfile, reason: `The source includes <${linuxHeader}>, a Linux header.` };
    }
  }

  const programSections = input.sectionNames.filter((s) => !s.startsWith('.') && s !== 'license' && s !== 'maps' && !s.startsWith('maps/'));
  const windowsSection = programSections.find((s) => WINDOWS_ONLY_SECTIONS.some((p) => s.startsWith(p)));
  if (windowsSection) {
    return { platform: windowsProfile, reason: `The section "${windowsSection}" exists only on eBPF for Windows.` };
  }
  const linuxSection = programSections.find((s) => LINUX_ONLY_SECTIONS.some((p) => sectionStarts(s, p)));
  if (linuxSection) {
    return { platform: linuxProfile, reason: `The section "${linuxSection}" exists only on Linux.` };
  }

  return {
    platform: windowsProfile,
    reason: 'Nothing in the object or source names a platform, so the default, eBPF for Windows, was chosen; set ebpf.platform to override.',
  };
}

/** Prefixes without a trailing separator must end the name or be followed by '/' (tc vs tcp_x). */
function sectionStarts(section: string, prefix: string): boolean {
  if (!section.startsWith(prefix)) return false;
  if (/[/_.]$/.test(prefix) || prefix === 'uprobe' || prefix === 'uretprobe') return true;
  return section.length === prefix.length || section[prefix.length] === '/';
}

/** The header names of every #include line, with <> or "" stripped, in source order. */
export function includedHeaders(sourceText: string): string[] {
  const headers: string[] = [];
  const pattern = /^[ \t]*#[ \t]*include[ \t]*[<"]([^>"\n]+)[>"]/gm;
  for (let m = pattern.exec(sourceText); m !== null; m = pattern.exec(sourceText)) headers.push(m[1].trim());
  return headers;
}
