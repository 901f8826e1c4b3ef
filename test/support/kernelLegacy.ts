// The kernel as an oracle per program for objects the system libbpf (>= 1.0) will not open:
// iproute2-style `maps` sections (Cilium's tail-call map) and tail-call sections (`2/1`) whose
// type the loader sets. kernel-load-legacy.c, built here with gcc against libelf and the system
// libbpf's low-level calls, loads each program alone the way such a loader does (maps created by
// hand, the given program type, a section's globals inlined when the project's loader inlines
// them) and prints the same records as kernel-load-each.c. Root, a BPF-capable kernel, gcc,
// libbpf-dev and libelf-dev.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernelAvailable } from './kernel';
import { parseLoadEach, type KernelProgramVerdict } from './kernelEach';
import { APT, externalSkip } from './skip';

const SOURCE = path.join(__dirname, 'kernel-load-legacy.c');
let built: { loader: string } | { skip: string } | undefined;

/** The loader's path, or why it cannot be had here (a SKIP-EXTERNAL reason). */
export function kernelLegacyLoader(): { loader: string } | { skip: string } {
  if (built) return built;
  const kernel = kernelAvailable();
  if (!kernel.ok) return (built = { skip: kernel.reason });
  if (!fs.existsSync('/usr/include/bpf/libbpf.h'))
    return (built = { skip: externalSkip('libbpf headers (bpf/libbpf.h)', APT.libbpf) });
  if (!fs.existsSync('/usr/include/gelf.h'))
    return (built = { skip: externalSkip('libelf headers (gelf.h)', 'apt-get install libelf-dev') });
  const source = fs.readFileSync(SOURCE);
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const loader = path.join(os.tmpdir(), `vscode-ebpf-kernel-load-legacy-${hash}`);
  if (!fs.existsSync(loader)) {
    const tmp = `${loader}.${process.pid}`;
    const r = spawnSync('gcc', ['-O1', '-o', tmp, SOURCE, '-lbpf', '-lelf'], { encoding: 'utf8' });
    if (r.error || r.status !== 0)
      return (built = {
        skip: externalSkip(
          `gcc with libbpf and libelf to build the legacy-object kernel loader (${r.error?.message ?? r.stderr.trim().split('\n')[0]})`,
          'apt-get install gcc libbpf-dev libelf-dev',
        ),
      });
    fs.renameSync(tmp, loader);
  }
  return (built = { loader });
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
    objectPath,
  ];
  const r = spawnSync(loader, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 600_000 });
  if (r.error) throw new Error(`kernel-load-legacy ${objectPath}: ${r.error.message}`);
  const open = /^@@open-error (-?\d+)/m.exec(r.stdout);
  if (open || r.status !== 0)
    throw new Error(
      `kernel-load-legacy could not open ${objectPath} (${open ? `errno ${open[1]}` : `exit ${r.status}`}: ${r.stderr.trim()})`,
    );
  return parseLoadEach(r.stdout);
}
