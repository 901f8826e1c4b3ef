// One way to skip a test for want of something outside the repository (a tool, the kernel, the
// shared suites). The reason always starts with SKIP_MARKER and names what is missing and how to
// get it, so scripts/test-unit.mjs can list every such skip once at the end of a run and, under
// CI=true, fail the run: CI has everything, so a skip there means a suite silently did not run.
// Unit-tested in test/unit/support/skip.test.ts.

/** Prefix of every external-material skip reason (scripts/lib/skip-reporter.mjs looks for it). */
export const SKIP_MARKER = 'SKIP-EXTERNAL:';

/** `SKIP-EXTERNAL: <what> is missing (<how to get it>)`: the one line a skipped test prints. */
export function externalSkip(what: string, how: string): string {
  return `${SKIP_MARKER} ${what} is missing (${how})`;
}

/** Whether a skip reason came from externalSkip. */
export function isExternalSkip(reason: unknown): boolean {
  return typeof reason === 'string' && reason.startsWith(SKIP_MARKER);
}

/** How to install the Debian packages the external oracles come from. */
export const APT = {
  clang: 'apt-get install clang (or set CLANG to a clang that targets bpf)',
  llvm: 'apt-get install llvm (llvm-objdump, llvm-objcopy, llvm-readelf, llvm-dwarfdump)',
  libbpf: 'apt-get install libbpf-dev',
  bpftool: 'apt-get install bpftool',
} as const;
