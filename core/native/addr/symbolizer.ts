// LLVM's symbolizer (llvm-symbolizer), which reads an image's DWARF (ELF, the Linux runner) and its
// PDB (a Windows .sys, through the CodeView record in the image): where it is, the command line for
// a batch of queries, and its JSON answer. Locating is pure over core/toolchain's ToolchainHost
// (newest versioned tool first, found as clang is); parsing is pure; only runSymbolizer starts a process.

import { spawnSync } from 'node:child_process';
import type { ToolchainHost } from '../../toolchain/locate';
import { envVar, pathFromFileUri, resolveExecutable, versionedLlvmTools } from '../../toolchain/locate';

export class SymbolizerError extends Error {
  override readonly name = 'SymbolizerError';
}

export interface FoundSymbolizer {
  readonly path: string;
  /** How it was found, for messages: "PATH, llvm-symbolizer 19: the newest found". */
  readonly source: string;
}

export function symbolizerInstallAdvice(hostPlatform: string): string {
  if (hostPlatform === 'win32')
    return 'install LLVM (for example `winget install LLVM.LLVM`, which puts llvm-symbolizer.exe in C:\\Program Files\\LLVM\\bin)';
  if (hostPlatform === 'darwin') return 'install LLVM (for example `brew install llvm`)';
  return 'install LLVM (for example `sudo apt-get install llvm-19`, which provides llvm-symbolizer-19)';
}

/**
 * The symbolizer to run: a configured path (authoritative; pass it only for trusted workspaces),
 * else the newest versioned one, then plain llvm-symbolizer on PATH, then the LLVM installer's on
 * Windows. Throws SymbolizerError naming where it looked and what to install.
 */
export function locateSymbolizer(host: ToolchainHost, configuredPath?: string): FoundSymbolizer {
  const configured = configuredPath?.trim();
  if (configured) {
    const found = resolveExecutable(host, pathFromFileUri(configured, host));
    if (found) return { path: found, source: 'configured path' };
    throw new SymbolizerError(`llvm-symbolizer was not found at the configured path "${configured}"`);
  }
  for (const c of versionedLlvmTools(host, 'llvm-symbolizer'))
    if (host.isExecutable(c.path))
      return { path: c.path, source: `${c.source}, llvm-symbolizer ${c.version}: the newest found` };
  const plain = resolveExecutable(host, 'llvm-symbolizer');
  if (plain) return { path: plain, source: 'PATH' };
  if (host.platform === 'win32') {
    for (const v of ['ProgramFiles', 'ProgramW6432']) {
      const base = envVar(host, v);
      if (!base) continue;
      const file = host.path.join(base, 'LLVM', 'bin', 'llvm-symbolizer.exe');
      if (host.isExecutable(file)) return { path: file, source: 'LLVM installer' };
    }
  }
  const where = host.platform === 'linux' ? 'on PATH and in /usr/lib/llvm-N/bin' : 'on PATH';
  throw new SymbolizerError(
    `llvm-symbolizer was not found (looked for llvm-symbolizer-N and llvm-symbolizer ${where}); it reads the image's debug information: ${symbolizerInstallAdvice(host.platform)}`,
  );
}

/** What one query asks the symbolizer: an address (relative to the load base or not) or symbol+offset. */
export type SymbolizerInput =
  | { readonly kind: 'address'; readonly address: bigint; readonly relative: boolean }
  | { readonly kind: 'symbol'; readonly symbol: string; readonly offset: bigint };

/** The command lines for a batch: relative and absolute addresses need separate runs. */
export function symbolizerCommands(
  image: string,
  inputs: readonly SymbolizerInput[],
): { readonly args: readonly string[]; readonly indices: readonly number[] }[] {
  const groups = [
    { relative: false, args: [] as string[], indices: [] as number[] },
    { relative: true, args: [] as string[], indices: [] as number[] },
  ];
  inputs.forEach((input, i) => {
    const group = input.kind === 'address' && input.relative ? groups[1] : groups[0];
    if (!group) return;
    group.args.push(
      input.kind === 'address' ? `0x${input.address.toString(16)}` : `${input.symbol}+0x${input.offset.toString(16)}`,
    );
    group.indices.push(i);
  });
  return groups
    .filter((g) => g.args.length > 0)
    .map((g) => ({
      args: [
        '--output-style=JSON',
        '--inlining',
        '--no-debuginfod',
        ...(g.relative ? ['--relative-address'] : []),
        `--obj=${image}`,
        ...g.args,
      ],
      indices: g.indices,
    }));
}

/** One source frame of an answer (several when the address is inside inlined code, innermost first). */
export interface SymbolizedFrame {
  readonly function: string;
  /** "" when the image has no line information there. */
  readonly file: string;
  /** 0 when unknown. */
  readonly line: number;
  readonly column: number;
  /** Where the function starts, as the image numbers it (absent for inlined frames and symbol queries' locations). */
  readonly functionStart?: bigint;
}

export type SymbolizerAnswer =
  | { readonly ok: true; readonly address?: bigint; readonly frames: readonly SymbolizedFrame[] }
  | { readonly ok: false; readonly message: string };

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function addr(v: unknown): bigint | undefined {
  return typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v) ? BigInt(v) : undefined;
}

function frameOf(entry: unknown): SymbolizedFrame | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  const start = addr(e.StartAddress);
  const frame = { function: str(e.FunctionName), file: str(e.FileName), line: num(e.Line), column: num(e.Column) };
  return start !== undefined && start !== 0n ? { ...frame, functionStart: start } : frame;
}

function answerOf(item: unknown): SymbolizerAnswer {
  if (typeof item !== 'object' || item === null) return { ok: false, message: 'llvm-symbolizer gave no answer' };
  const o = item as Record<string, unknown>;
  if (typeof o.Error === 'object' && o.Error !== null)
    return { ok: false, message: str((o.Error as Record<string, unknown>).Message) || 'llvm-symbolizer failed' };
  // Address queries answer in `Symbol`, symbol+offset queries in `Loc`.
  const list = Array.isArray(o.Symbol) ? o.Symbol : Array.isArray(o.Loc) ? o.Loc : [];
  const frames = list.map(frameOf).filter((f): f is SymbolizedFrame => f !== undefined && f.function !== '');
  const address = addr(o.Address);
  return address !== undefined ? { ok: true, address, frames } : { ok: true, frames };
}

/**
 * llvm-symbolizer's `--output-style=JSON` answer, one per query in order: a JSON array, or (when the
 * image cannot be read) one JSON object per line, each holding an Error.
 */
export function parseSymbolizerJson(stdout: string, count: number): SymbolizerAnswer[] {
  const text = stdout.trim();
  let items: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(text);
    items = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    items = text
      .split(/\r?\n/)
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          return undefined;
        }
      });
  }
  const answers = items.map(answerOf);
  // One failure for the whole image (unreadable file) stands for every query.
  const first = answers[0];
  if (answers.length === 1 && first && !first.ok && count > 1) return Array.from({ length: count }, () => first);
  if (answers.length !== count)
    throw new SymbolizerError(`llvm-symbolizer answered ${answers.length} of ${count} queries`);
  return answers;
}

/** Runs the symbolizer on a batch; answers in the order of `inputs`. Throws SymbolizerError. */
export function runSymbolizer(
  symbolizer: string,
  image: string,
  inputs: readonly SymbolizerInput[],
): SymbolizerAnswer[] {
  const answers: SymbolizerAnswer[] = new Array<SymbolizerAnswer>(inputs.length);
  for (const command of symbolizerCommands(image, inputs)) {
    const r = spawnSync(symbolizer, command.args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    if (r.error) throw new SymbolizerError(`cannot run ${symbolizer}: ${r.error.message}`);
    const got = parseSymbolizerJson(r.stdout, command.indices.length);
    command.indices.forEach((index, k) => {
      const answer = got[k];
      if (answer) answers[index] = answer;
    });
  }
  return answers;
}
