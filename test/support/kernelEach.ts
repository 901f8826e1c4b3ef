// The kernel as an oracle per program, as the kernel's own selftests load their objects: each
// program of an object is loaded alone (the others' autoload off, `?` sections included) by a
// small libbpf loader (kernel-load-each.c, built here with gcc against the system libbpf).
// bpftool loads whole objects and skips `?` programs, so objects with many programs the kernel
// judges one by one (selftests) need this. Root, a BPF-capable kernel, gcc and libbpf-dev.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernelAvailable, parseKernelLog, type KernelError } from './kernel';
import { APT, externalSkip } from './skip';

export interface KernelProgramVerdict {
  readonly name: string;
  readonly section: string;
  readonly accepted: boolean;
  /** libbpf's return code of the load (0, or a negative errno). */
  readonly errno: number;
  /** The verifier's log at level 1 (empty when accepted, or when libbpf failed before the verifier ran). */
  readonly log: string;
  readonly error: KernelError | undefined;
  /** Why the loader could not ask the kernel (`@@note`; kernel-load-legacy.c), if it says. */
  readonly notes: readonly string[];
  /** The kernel's statistics lines (`processed N insns ...`, `verification time N usec`), when given. */
  readonly stats: readonly string[];
}

/** A C loader of test/support built with gcc, cached in the temp folder by its source's hash. */
export interface LoaderSpec {
  /** File name in test/support (`kernel-load-each.c`). */
  readonly source: string;
  /** Libraries to link (`-lbpf`, ...). */
  readonly libs: readonly string[];
  /** Headers it needs beyond the kernel's: a path, what it is, how to install it. */
  readonly headers: readonly { readonly path: string; readonly what: string; readonly how: string }[];
  /** What it is, for the skip reason (`the per-program kernel loader`). */
  readonly purpose: string;
  /** The apt line that installs what building it needs. */
  readonly how: string;
}

const builtLoaders = new Map<string, { loader: string } | { skip: string }>();

/** The loader's path, built on first use, or why it cannot be had here (a SKIP-EXTERNAL reason). */
export function buildKernelLoader(spec: LoaderSpec): { loader: string } | { skip: string } {
  const cached = builtLoaders.get(spec.source);
  if (cached) return cached;
  const result = build(spec);
  builtLoaders.set(spec.source, result);
  return result;
}

function build(spec: LoaderSpec): { loader: string } | { skip: string } {
  const kernel = kernelAvailable();
  if (!kernel.ok) return { skip: kernel.reason };
  for (const h of spec.headers) if (!fs.existsSync(h.path)) return { skip: externalSkip(h.what, h.how) };
  const sourcePath = path.join(__dirname, spec.source);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(sourcePath)).digest('hex').slice(0, 16);
  const loader = path.join(os.tmpdir(), `vscode-ebpf-${path.basename(spec.source, '.c')}-${hash}`);
  if (!fs.existsSync(loader)) {
    const tmp = `${loader}.${process.pid}`;
    const r = spawnSync('gcc', ['-O1', '-o', tmp, sourcePath, ...spec.libs], { encoding: 'utf8' });
    if (r.error || r.status !== 0)
      return {
        skip: externalSkip(
          `gcc with ${spec.libs.map((l) => l.replace(/^-l/, 'lib')).join(' and ')} to build ${spec.purpose} (${r.error?.message ?? r.stderr.trim().split('\n')[0]})`,
          spec.how,
        ),
      };
    fs.renameSync(tmp, loader);
  }
  return { loader };
}

export const LIBBPF_HEADERS = {
  path: '/usr/include/bpf/libbpf.h',
  what: 'libbpf headers (bpf/libbpf.h)',
  how: APT.libbpf,
} as const;

/** The loader's path, or why it cannot be had here (a SKIP-EXTERNAL reason). */
export function kernelEachLoader(): { loader: string } | { skip: string } {
  return buildKernelLoader({
    source: 'kernel-load-each.c',
    libs: ['-lbpf'],
    headers: [LIBBPF_HEADERS],
    purpose: 'the per-program kernel loader',
    how: 'apt-get install gcc libbpf-dev',
  });
}

/**
 * Run a loader on an object and parse its records. `wrap` may run it another way (as an
 * unprivileged user: probe-linux-unprivileged.mjs).
 */
export function runKernelLoader(
  loader: string,
  args: readonly string[],
  objectPath: string,
  timeoutMs: number,
  wrap: (command: string, args: readonly string[]) => [string, string[]] = (c, a) => [c, [...a]],
): KernelProgramVerdict[] {
  const name = path
    .basename(loader)
    .replace(/^vscode-ebpf-/, '')
    .replace(/-[0-9a-f]{16}$/, '');
  const [command, wrapped] = wrap(loader, [...args, objectPath]);
  const r = spawnSync(command, wrapped, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs });
  if (r.error) throw new Error(`${name} ${objectPath}: ${r.error.message}`);
  const open = /^@@open-error (-?\d+)/m.exec(r.stdout);
  if (open || r.status !== 0)
    throw new Error(
      `${name} could not open ${objectPath} (${open ? `errno ${open[1]}` : `exit ${r.status}`}: ${r.stderr.trim()})`,
    );
  return parseLoadEach(r.stdout);
}

/**
 * Load every program of the object alone; one verdict per program, in the object's order.
 * `wrap` may run the loader another way (as an unprivileged user: probe-linux-unprivileged.mjs).
 */
export function loadEachIntoKernel(
  loader: string,
  objectPath: string,
  wrap?: (command: string, args: readonly string[]) => [string, string[]],
): KernelProgramVerdict[] {
  return runKernelLoader(loader, [], objectPath, 300_000, wrap);
}

/**
 * Parse the loader's records (`@@prog NAME SECTION`, `@@note TEXT` and `@@stats LINE` lines,
 * `@@verdict accepted|rejected ERR`, the log, `@@end`).
 */
export function parseLoadEach(output: string): KernelProgramVerdict[] {
  const out: KernelProgramVerdict[] = [];
  const records = output.split(/^@@end$/m);
  for (const record of records) {
    const prog = /^@@prog (\S+) (\S+)$/m.exec(record);
    const verdict = /^@@verdict (accepted|rejected) (-?\d+)$/m.exec(record);
    if (!prog || !verdict) continue;
    const accepted = verdict[1] === 'accepted';
    const log = accepted ? '' : record.slice(verdict.index + verdict[0].length).replace(/^\n/, '');
    const head = record.slice(0, verdict.index);
    const lines = (tag: string) =>
      [...head.matchAll(new RegExp(`^@@${tag} (.*)$`, 'gm'))].map((m) => m[1] ?? '').filter((l) => l !== '');
    out.push({
      name: prog[1] ?? '',
      section: prog[2] ?? '',
      accepted,
      errno: Number(verdict[2]),
      log,
      error: accepted || log.trim() === '' ? undefined : parseKernelLog(log),
      notes: lines('note'),
      stats: lines('stats'),
    });
  }
  return out;
}
