// Which platform does an object (or a source file) target? The rules, in order, each with a
// sentence the user sees:
//   1. the user's setting, when it is 'windows' or 'linux';
//   2. a `.ebpf_for_windows` section (emitted by our include/bpf_helpers.h and by eBPF for
//      Windows' bpf_helpers_platform.h);
//   3. the source includes Windows headers (ours or the official package's) or Linux ones (for an
//      object, the headers its debug info names stand in for the source);
//   4. the object's BTF: `struct xdp_md` with a pointer `data` (Windows) or a `__u32` one (Linux),
//      the other context structs only one platform has (bind_md_t ... vs __sk_buff, pt_regs ...);
//   5. section names only one platform knows (bind, sample_ext, cgroup/connect_authorization4 ...
//      vs kprobe/, tracepoint/, tc, socket ...);
//   6. an object without the marker section: Linux. eBPF for Windows headers always emit the
//      marker, so its absence from a compiled object is strong evidence of a Linux build;
//   7. no object at all (source text whose includes decide nothing, e.g. the language server
//      before compiling): the default, eBPF for Windows. The product targets eBPF for Windows
//      first, and the sections both platforms share (xdp, cgroup/connect4, sockops) are exactly
//      the ones our examples and snippets use. The reason says "default" so users know.
import type { Btf } from '../btf/parse';
import { BtfKind, type BtfType } from '../btf/types';
import { linuxProfile } from './linux';
import type { PlatformProfile } from './types';
import { windowsProfile } from './windows';

export type PlatformSetting = 'auto' | 'windows' | 'linux';

/** What an object's BTF says about its platform (see btfEvidence). */
export interface BtfEvidence {
  /** Names of the object's named BTF types (structs, unions, typedefs, enums ...). */
  readonly typeNames: readonly string[];
  /** How BTF declares the `data` member of `struct xdp_md`, when the object's BTF has one. */
  readonly xdpMdData?: 'pointer' | 'integer' | undefined;
}

export interface DetectInput {
  readonly sectionNames: readonly string[];
  readonly symbolNames?: readonly string[];
  readonly sourceText?: string;
  readonly setting?: PlatformSetting;
  /**
   * True when sectionNames are a compiled object's real sections (not SEC() names read from
   * source): then a missing `.ebpf_for_windows` section is evidence of a Linux build.
   */
  readonly fromObject?: boolean;
  /** The object's BTF evidence, when it has BTF (implies fromObject). */
  readonly btf?: BtfEvidence;
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

// BTF type names only one platform's headers define (context structs and their typedefs).
// `struct bpf_sock_addr` and `struct bpf_sock_ops` exist on both and are deliberately absent.
const WINDOWS_ONLY_TYPES = [
  'bind_md_t',
  '_bind_md',
  'bind_action_t',
  'bind_operation_t',
  'bpf_sock_addr_t',
  'bpf_sock_ops_t',
  'xdp_md_t',
  'xdp_action_t',
  'process_md_t',
  '_process_md',
  'netevent_event_md_t',
  '_netevent_event_md',
  'ebpf_map_definition_in_file_t',
];
const LINUX_ONLY_TYPES = [
  '__sk_buff',
  'pt_regs',
  'user_pt_regs',
  'sk_msg_md',
  'sk_reuseport_md',
  'bpf_sock',
  'bpf_sockopt',
  'bpf_sysctl',
  'bpf_cgroup_dev_ctx',
  'bpf_sk_lookup',
  'bpf_perf_event_data',
  'bpf_raw_tracepoint_args',
  'bpf_flow_keys',
];

// Section prefixes that only one platform knows. Shared ones (xdp, sockops, cgroup/connect4/6,
// cgroup/bind4/6) are deliberately absent.
const WINDOWS_ONLY_SECTIONS = [
  'bind',
  'sample_ext',
  'process',
  'netevent',
  'cgroup/connect_authorization',
  'cgroup/recv_accept',
  'cgroup/listen',
];
const LINUX_ONLY_SECTIONS = [
  'kprobe/',
  'kretprobe/',
  'uprobe',
  'uretprobe',
  'ksyscall/',
  'kretsyscall/',
  'usdt/',
  'tracepoint/',
  'tp/',
  'raw_tracepoint/',
  'raw_tp/',
  'tp_btf/',
  'fentry/',
  'fexit/',
  'fmod_ret/',
  'lsm/',
  'iter/',
  'tc',
  'classifier',
  'action',
  'tcx/',
  'socket',
  'perf_event',
  'cgroup_skb/',
  'cgroup/skb',
  'cgroup/sock',
  'cgroup/post_bind',
  'cgroup/sendmsg',
  'cgroup/recvmsg',
  'cgroup/getpeername',
  'cgroup/getsockname',
  'cgroup/sysctl',
  'cgroup/getsockopt',
  'cgroup/setsockopt',
  'cgroup/dev',
  'sk_skb',
  'sk_msg',
  'sk_lookup',
  'sk_reuseport',
  'flow_dissector',
  'lwt_',
  'struct_ops',
  'xdp.frags',
];

export function detectPlatform(input: DetectInput): Detection {
  const setting = input.setting ?? 'auto';
  if (setting === 'windows' || setting === 'linux') {
    const platform = setting === 'windows' ? windowsProfile : linuxProfile;
    return { platform, reason: `${platform.displayName} was chosen by the ebpf.platform setting.` };
  }

  if (input.sectionNames.includes(WINDOWS_MARKER_SECTION)) {
    return {
      platform: windowsProfile,
      reason: `The object has a ${WINDOWS_MARKER_SECTION} section, which eBPF for Windows headers emit.`,
    };
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

  if (input.btf) {
    const fromBtf = detectFromBtf(input.btf);
    if (fromBtf) return fromBtf;
  }

  const programSections = input.sectionNames.filter(
    (s) => !s.startsWith('.') && s !== 'license' && s !== 'maps' && !s.startsWith('maps/'),
  );
  const windowsSection = programSections.find((s) => WINDOWS_ONLY_SECTIONS.some((p) => s.startsWith(p)));
  if (windowsSection) {
    return { platform: windowsProfile, reason: `The section "${windowsSection}" exists only on eBPF for Windows.` };
  }
  const linuxSection = programSections.find((s) => LINUX_ONLY_SECTIONS.some((p) => sectionStarts(s, p)));
  if (linuxSection) {
    return { platform: linuxProfile, reason: `The section "${linuxSection}" exists only on Linux.` };
  }

  if (input.fromObject === true || input.btf !== undefined) {
    return {
      platform: linuxProfile,
      reason: `The object has no ${WINDOWS_MARKER_SECTION} marker section (eBPF for Windows headers always emit one), so it was built for Linux.`,
    };
  }

  return {
    platform: windowsProfile,
    reason:
      'Nothing in the source names a platform and there is no compiled object yet, so the default, eBPF for Windows, was chosen; set ebpf.platform to override.',
  };
}

function detectFromBtf(btf: BtfEvidence): Detection | undefined {
  if (btf.xdpMdData === 'pointer') {
    return {
      platform: windowsProfile,
      reason: "The object's BTF declares xdp_md.data as a pointer, as eBPF for Windows does (Linux uses __u32).",
    };
  }
  if (btf.xdpMdData === 'integer') {
    return {
      platform: linuxProfile,
      reason: "The object's BTF declares xdp_md.data as __u32, as Linux does (eBPF for Windows uses a pointer).",
    };
  }
  const windowsType = btf.typeNames.find((n) => WINDOWS_ONLY_TYPES.includes(n));
  if (windowsType)
    return {
      platform: windowsProfile,
      reason: `The object's BTF has the type ${windowsType}, which only eBPF for Windows defines.`,
    };
  const linuxType = btf.typeNames.find((n) => LINUX_ONLY_TYPES.includes(n));
  if (linuxType)
    return { platform: linuxProfile, reason: `The object's BTF has the type ${linuxType}, which only Linux defines.` };
  return undefined;
}

/** The platform evidence in an object's BTF: its type names and the shape of xdp_md.data. */
export function btfEvidence(btf: Btf): BtfEvidence {
  const typeNames = [...new Set(btf.types.filter((t) => t.name !== '' && isTypeDeclaration(t)).map((t) => t.name))];
  return { typeNames, xdpMdData: xdpMdDataShape(btf) };
}

function isTypeDeclaration(t: BtfType): boolean {
  return (
    t.kind === BtfKind.STRUCT ||
    t.kind === BtfKind.UNION ||
    t.kind === BtfKind.TYPEDEF ||
    t.kind === BtfKind.ENUM ||
    t.kind === BtfKind.ENUM64
  );
}

function xdpMdDataShape(btf: Btf): 'pointer' | 'integer' | undefined {
  for (const t of btf.findByName('xdp_md', BtfKind.STRUCT)) {
    if (t.kind !== BtfKind.STRUCT) continue;
    const data = t.members.find((m) => m.name === 'data');
    if (!data) continue;
    const shape = memberShape(btf, data.type);
    if (shape) return shape;
  }
  return undefined;
}

/** A member's type through typedefs and qualifiers; a bounded walk, since BTF comes from the file. */
function memberShape(btf: Btf, id: number): 'pointer' | 'integer' | undefined {
  for (let depth = 0; depth < 32; depth++) {
    if (id <= 0 || id >= btf.types.length) return undefined;
    const t = btf.types[id];
    if (t === undefined) return undefined;
    switch (t.kind) {
      case BtfKind.PTR:
        return 'pointer';
      case BtfKind.INT:
        return 'integer';
      case BtfKind.TYPEDEF:
      case BtfKind.VOLATILE:
      case BtfKind.CONST:
      case BtfKind.RESTRICT:
      case BtfKind.TYPE_TAG:
        id = t.type;
        break;
      default:
        return undefined;
    }
  }
  return undefined;
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
  for (let m = pattern.exec(sourceText); m !== null; m = pattern.exec(sourceText)) headers.push((m[1] ?? '').trim());
  return headers;
}
