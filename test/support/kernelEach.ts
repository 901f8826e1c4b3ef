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

const SOURCE = path.join(__dirname, 'kernel-load-each.c');
let built: { loader: string } | { skip: string } | undefined;

/** The loader's path, or why it cannot be had here (a SKIP-EXTERNAL reason). */
export function kernelEachLoader(): { loader: string } | { skip: string } {
  if (built) return built;
  const kernel = kernelAvailable();
  if (!kernel.ok) return (built = { skip: kernel.reason });
  if (!fs.existsSync('/usr/include/bpf/libbpf.h'))
    return (built = { skip: externalSkip('libbpf headers (bpf/libbpf.h)', APT.libbpf) });
  const source = fs.readFileSync(SOURCE);
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const loader = path.join(os.tmpdir(), `vscode-ebpf-kernel-load-each-${hash}`);
  if (!fs.existsSync(loader)) {
    const tmp = `${loader}.${process.pid}`;
    const r = spawnSync('gcc', ['-O1', '-o', tmp, SOURCE, '-lbpf'], { encoding: 'utf8' });
    if (r.error || r.status !== 0)
      return (built = {
        skip: externalSkip(
          `gcc with libbpf to build the per-program kernel loader (${r.error?.message ?? r.stderr.trim().split('\n')[0]})`,
          `apt-get install gcc libbpf-dev`,
        ),
      });
    fs.renameSync(tmp, loader);
  }
  return (built = { loader });
}

/**
 * Load every program of the object alone; one verdict per program, in the object's order.
 * `wrap` may run the loader another way (as an unprivileged user: probe-linux-unprivileged.mjs).
 */
export function loadEachIntoKernel(
  loader: string,
  objectPath: string,
  wrap: (command: string, args: readonly string[]) => [string, string[]] = (c, a) => [c, [...a]],
): KernelProgramVerdict[] {
  const [command, args] = wrap(loader, [objectPath]);
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 300_000 });
  if (r.error) throw new Error(`kernel-load-each ${objectPath}: ${r.error.message}`);
  const open = /^@@open-error (-?\d+)/m.exec(r.stdout);
  if (open || r.status !== 0)
    throw new Error(`kernel-load-each could not open ${objectPath} (${open?.[1] ?? r.stderr.trim()})`);
  return parseLoadEach(r.stdout);
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
