// The Linux kernel as an oracle nobody here wrote: load an object through bpftool and record the
// verifier's verdict and log; run a loaded program once with BPF_PROG_TEST_RUN.
// Used by the verifier fixture suite (kernel agreement) and available to differential VM tests.
//
// Everything here is synchronous and shells out to bpftool; it needs root and a mounted bpffs.
// Call kernelAvailable() first and skip (with its reason) when it says no.
import { at } from './at';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APT, externalSkip } from './skip';

export type KernelAvailability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The kernel verifier's first (and only) error, as read from its log. */
export interface KernelError {
  /** The message line, e.g. `R0 invalid mem access 'map_value_or_null'`. */
  readonly message: string;
  /** Instruction index (in 8-byte slots) the verifier was at, when the log shows it. */
  readonly insn: number | undefined;
  /** From the last `; <source> @ file:line` header before the error; undefined without BTF line info. */
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly sourceText: string | undefined;
}

export interface KernelLoadResult {
  readonly accepted: boolean;
  /** The verifier log libbpf printed (only present on rejection: libbpf retries with log_level 1). */
  readonly log: string;
  /** Parsed first error; undefined when accepted or when the log has no recognisable error. */
  readonly error: KernelError | undefined;
}

export interface KernelLoadOptions {
  /** Force a program type (bpftool `type T`, e.g. `xdp`); by default libbpf derives it from SEC(). */
  readonly type?: string;
}

export interface KernelRunResult {
  readonly retval: number;
  /** Packet bytes after the run (the program may have rewritten them). */
  readonly dataOut: Uint8Array;
}

const BPFFS = '/sys/fs/bpf';
const KERNEL_HOW = 'run the tests as root on Linux with bpftool installed';
let cachedAvailability: KernelAvailability | undefined;
let pinCounter = 0;

/** Keep at most this much of bpftool's output: a program that hits the 1M-instruction limit logs a lot. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

function bpftool(args: readonly string[]): {
  status: number;
  stdout: string;
  stderr: string;
  /** Set when bpftool could not be run at all. */
  error: Error | undefined;
} {
  // Output goes to a file, not a pipe: the verifier log of a rejected big program can exceed any
  // sensible pipe buffer, and only its tail (the error) matters.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpftool-'));
  const outFile = path.join(dir, 'out.txt');
  const fd = fs.openSync(outFile, 'w');
  try {
    const r = spawnSync('bpftool', args, { stdio: ['ignore', fd, fd], timeout: 180_000 });
    fs.closeSync(fd);
    const size = fs.statSync(outFile).size;
    const start = Math.max(0, size - MAX_OUTPUT_BYTES);
    const buf = Buffer.alloc(size - start);
    const rfd = fs.openSync(outFile, 'r');
    fs.readSync(rfd, buf, 0, buf.length, start);
    fs.closeSync(rfd);
    const text = (start > 0 ? '[... log truncated ...]\n' : '') + buf.toString('utf8');
    return { status: r.status ?? -1, stdout: text, stderr: '', error: r.error };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function uniquePin(): string {
  pinCounter += 1;
  return path.join(BPFFS, `vscode-ebpf-test-${process.pid}-${Date.now()}-${pinCounter}`);
}

function isBpffsMounted(): boolean {
  try {
    const mounts = fs.readFileSync('/proc/mounts', 'utf8');
    return mounts.split('\n').some((l) => {
      const f = l.split(' ');
      return f[1] === BPFFS && f[2] === 'bpf';
    });
  } catch {
    return false;
  }
}

/** A tiny valid object, so the availability check proves the whole path (compile is not needed: hand-built ELF would be overkill, clang is required anyway). */
const TRIVIAL_PROGRAM = `
#define SEC(n) __attribute__((section(n), used))
SEC("xdp") int trivial(void *ctx) { return 2; }
char LICENSE[] SEC("license") = "GPL";
`;

/**
 * Whether this machine lets us load programs into the kernel: Linux, root, bpftool present,
 * bpffs mounted (mounted here if it is not), clang present, and a trial load of a trivial program
 * succeeds. The answer is cached for the process.
 */
export function kernelAvailable(): KernelAvailability {
  if (cachedAvailability) return cachedAvailability;
  cachedAvailability = probeKernel();
  return cachedAvailability;
}

function probeKernel(): KernelAvailability {
  const no = (what: string, how: string): KernelAvailability => ({ ok: false, reason: externalSkip(what, how) });
  if (process.platform !== 'linux') return no(`a Linux kernel (this is ${process.platform})`, KERNEL_HOW);
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return no('root (to load BPF programs)', KERNEL_HOW);
  const version = bpftool(['version']);
  if (version.error || version.status !== 0) return no('bpftool', APT.bpftool);
  if (!isBpffsMounted()) {
    fs.mkdirSync(BPFFS, { recursive: true });
    const m = spawnSync('mount', ['-t', 'bpf', 'bpf', BPFFS], { encoding: 'utf8' });
    if (m.status !== 0 || !isBpffsMounted())
      return no(`bpffs at ${BPFFS} (mounting it failed: ${(m.stderr ?? '').trim()})`, `mount -t bpf bpf ${BPFFS}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-probe-'));
  try {
    const src = path.join(dir, 'trivial.c');
    const obj = path.join(dir, 'trivial.o');
    fs.writeFileSync(src, TRIVIAL_PROGRAM);
    const cc = spawnSync('clang', ['-target', 'bpf', '-O2', '-c', src, '-o', obj], { encoding: 'utf8' });
    if (cc.error || cc.status !== 0)
      return no(`a clang that builds BPF objects (${cc.error?.message ?? (cc.stderr ?? '').trim()})`, APT.clang);
    const r = loadIntoKernel(obj);
    if (!r.accepted)
      return no(`a kernel that loads BPF programs (it refused a trivial one: ${firstLines(r.log, 5)})`, KERNEL_HOW);
    return { ok: true };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function firstLines(text: string, n: number): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .join(' | ');
}

/**
 * Load every program of an object (bpftool loads the whole object and pins the first program),
 * record the verdict and the verifier log, and remove the pin again.
 */
export function loadIntoKernel(objectPath: string, options: KernelLoadOptions = {}): KernelLoadResult {
  return withLoadedObject(objectPath, options, () => undefined).result;
}

/**
 * Load an object, call `use` with the pin path of its first program while it is loaded (only when
 * accepted), then always remove the pin.
 */
export function withLoadedObject<T>(
  objectPath: string,
  options: KernelLoadOptions,
  use: (pinPath: string) => T,
): { result: KernelLoadResult; value: T | undefined } {
  if (!fs.existsSync(objectPath)) throw new Error(`loadIntoKernel: object not found: ${objectPath}`);
  const pin = uniquePin();
  const args = ['prog', 'load', objectPath, pin];
  if (options.type) args.push('type', options.type);
  try {
    const r = bpftool(args);
    if (r.error) throw new Error(`loadIntoKernel: could not run bpftool: ${r.error.message}`);
    const accepted = r.status === 0 && fs.existsSync(pin);
    const log = accepted ? '' : extractVerifierLog(r.stderr + r.stdout);
    const result: KernelLoadResult = { accepted, log, error: accepted ? undefined : parseKernelLog(log) };
    const value = accepted ? use(pin) : undefined;
    return { result, value };
  } finally {
    fs.rmSync(pin, { force: true });
  }
}

/** The part of libbpf's output between BEGIN/END PROG LOAD LOG, or everything when absent. */
export function extractVerifierLog(output: string): string {
  const begin = output.indexOf('-- BEGIN PROG LOAD LOG --');
  const end = output.indexOf('-- END PROG LOAD LOG --');
  if (end < 0) return output;
  // A truncated log lost its BEGIN marker; keep what is left up to END.
  const from = begin >= 0 && begin < end ? begin + '-- BEGIN PROG LOAD LOG --'.length : 0;
  return output.slice(from, end).replace(/^\n/, '');
}

const INSN_LINE = /^(\d+): (\([0-9a-f]{2}\)|R\d|frame|safe)/;
const SOURCE_HEADER = /^; (.*) @ (.+):(\d+)$/;
const TRAILER = /^(processed \d+ insns|verification time|stack depth|max_states_per_insn)/;

/**
 * The verifier's first error from a log_level 1 log: the last non-state line before the
 * "processed N insns" trailer, the instruction before it, and the source header before that.
 */
export function parseKernelLog(log: string): KernelError | undefined {
  const lines = log.split('\n').map((l) => l.replace(/\s+$/, ''));
  let trailer = lines.findIndex((l) => TRAILER.test(l));
  if (trailer < 0) trailer = lines.length;
  let msgIdx = trailer - 1;
  while (msgIdx >= 0 && at(lines, msgIdx).trim() === '') msgIdx -= 1;
  if (msgIdx < 0) return undefined;
  // Some errors print a second explanatory line; take the first line after the last instruction.
  let lastInsn = -1;
  for (let i = msgIdx; i >= 0; i -= 1) {
    if (/^\d+: \([0-9a-f]{2}\)/.test(at(lines, i))) {
      lastInsn = i;
      break;
    }
  }
  const firstMsg = lastInsn >= 0 && lastInsn < msgIdx ? lastInsn + 1 : msgIdx;
  const message = lines
    .slice(firstMsg, msgIdx + 1)
    .filter((l) => !INSN_LINE.test(l) && !SOURCE_HEADER.test(l))
    .join(' ')
    .trim();
  const insnMatch = lastInsn >= 0 ? /^(\d+):/.exec(at(lines, lastInsn)) : null;
  let file: string | undefined;
  let line: number | undefined;
  let sourceText: string | undefined;
  for (let i = lastInsn >= 0 ? lastInsn : msgIdx; i >= 0; i -= 1) {
    const m = SOURCE_HEADER.exec(at(lines, i));
    if (m) {
      const n = Number(at(m, 3));
      // `; @ file:0` headers mark compiler-generated code; keep looking for a real line.
      if (n === 0) continue;
      sourceText = at(m, 1).trim();
      file = at(m, 2);
      line = n;
      break;
    }
  }
  return {
    message: message || at(lines, msgIdx).trim(),
    insn: insnMatch ? Number(at(insnMatch, 1)) : undefined,
    file,
    line,
    sourceText,
  };
}

/**
 * Run a pinned program once with BPF_PROG_TEST_RUN through bpftool. XDP and skb programs need
 * at least 14 bytes of data (an Ethernet header).
 */
export function runInKernel(pinPath: string, dataIn: Uint8Array): KernelRunResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-run-'));
  try {
    const inFile = path.join(dir, 'in.bin');
    const outFile = path.join(dir, 'out.bin');
    fs.writeFileSync(inFile, dataIn);
    const r = bpftool(['prog', 'run', 'pinned', pinPath, 'data_in', inFile, 'data_out', outFile, 'repeat', '1']);
    if (r.error || r.status !== 0)
      throw new Error(
        `runInKernel(${pinPath}): bpftool prog run failed: ${r.error?.message ?? firstLines(r.stderr + r.stdout, 5)}`,
      );
    const m = /Return value: (\d+)/.exec(r.stdout + r.stderr);
    if (!m) throw new Error(`runInKernel(${pinPath}): no "Return value" in bpftool output: ${firstLines(r.stdout, 3)}`);
    const dataOut = fs.existsSync(outFile) ? new Uint8Array(fs.readFileSync(outFile)) : new Uint8Array();
    return { retval: Number(m[1]), dataOut };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
