// The kernel as an oracle per program for objects the system libbpf (>= 1.0) will not open:
// iproute2-style `maps` sections (Cilium's tail-call map) and tail-call sections (`2/1`) whose
// type the loader sets. kernel-load-legacy.c, built here with gcc against libelf and the system
// libbpf's low-level calls, loads each program alone the way such a loader does (maps created by
// hand, the given program type, a section's globals inlined when the project's loader inlines
// them) and prints the same records as kernel-load-each.c. Root, a BPF-capable kernel, gcc,
// libbpf-dev and libelf-dev.
import { buildKernelLoader, LIBBPF_HEADERS, runKernelLoader, type KernelProgramVerdict } from './kernelEach';

/** The loader's path, or why it cannot be had here (a SKIP-EXTERNAL reason). */
export function kernelLegacyLoader(): { loader: string } | { skip: string } {
  return buildKernelLoader({
    source: 'kernel-load-legacy.c',
    libs: ['-lbpf', '-lelf'],
    headers: [
      LIBBPF_HEADERS,
      { path: '/usr/include/gelf.h', what: 'libelf headers (gelf.h)', how: 'apt-get install libelf-dev' },
    ],
    purpose: 'the legacy-object kernel loader',
    how: 'apt-get install gcc libbpf-dev libelf-dev',
  });
}

export interface LegacyLoadOptions {
  /** The type every program gets (sched_cls, xdp, ...); absent: each section's name decides. */
  readonly programType?: string;
  /** A data section whose variables are loaded as immediates (Cilium's `.rodata.config`). */
  readonly inlineGlobals?: string;
}

/** Load every program of the object alone; one verdict per program, in the symbol table's order. */
export function loadEachLegacy(loader: string, objectPath: string, options: LegacyLoadOptions): KernelProgramVerdict[] {
  const args = [
    ...(options.programType !== undefined ? ['-t', options.programType] : []),
    ...(options.inlineGlobals !== undefined ? ['-i', options.inlineGlobals] : []),
  ];
  return runKernelLoader(loader, args, objectPath, 600_000);
}
