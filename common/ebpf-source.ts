// Cheap, pure test of whether a C document is an eBPF program. The extension activates on every C
// file (onLanguage:c); this check decides whether it does any work for that file. It must stay
// fast on large files, so it looks only at a prefix and uses plain regexes. No vscode import here.

/** How much of a document is scanned; eBPF markers sit near the top or in the first functions. */
export const SCAN_LIMIT = 256 * 1024;

const MARKERS: readonly RegExp[] = [
  /\bSEC\s*\(\s*"/, // libbpf / eBPF for Windows section macro: SEC("xdp")
  /__attribute__\s*\(\s*\(\s*section\s*\(/, // the expansion of SEC
  /#\s*include\s*[<"](?:bpf\/bpf_helpers\.h|bpf_helpers\.h|linux\/bpf\.h|ebpf_nethooks\.h|vmlinux\.h)[>"]/,
];

export function looksLikeEbpfSource(text: string): boolean {
  const head = text.length > SCAN_LIMIT ? text.slice(0, SCAN_LIMIT) : text;
  return MARKERS.some((re) => re.test(head));
}

export interface SectionMention {
  /** The section name, e.g. "xdp" or "bind". */
  readonly name: string;
  /** 0-based line of the SEC(...) mention. */
  readonly line: number;
}

/** Every SEC("name") in the text, in order, with its line; the maps section is excluded. */
export function findSections(text: string): SectionMention[] {
  const out: SectionMention[] = [];
  const re = /\bSEC\s*\(\s*"([^"\n]*)"\s*\)/g;
  let lineStart = 0;
  let line = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Count newlines incrementally from the previous match.
    for (let i = lineStart; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    lineStart = m.index;
    const [, name = ''] = m;
    if (name === '.maps' || name === 'maps' || name === 'license' || name === 'version') continue;
    out.push({ name, line });
  }
  return out;
}
