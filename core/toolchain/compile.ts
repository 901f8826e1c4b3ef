// The thin impure part: probe the file system for clang, write the buffer to a temp dir, run
// clang as a child process (killed on cancellation), read the object back.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCompileArgs, type TargetPlatform } from './args';
import { findEntry, parseCompileCommands, relevantFlags } from './compileCommands';
import { screenClangFlags, type ScreenedFlags } from './flagPolicy';
import { parseClangDiagnostics } from './diagnosticsParser';
import { locateClang, type LocateResult, type ToolchainHost } from './locate';
import { findWindowsHeaders } from './windowsHeaders';
import type { CompileOutcome } from './types';

function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** This machine, as core/toolchain/locate.ts sees hosts. */
export function nodeHost(): ToolchainHost {
  return {
    platform: process.platform,
    path: process.platform === 'win32' ? path.win32 : path.posix,
    env: process.env,
    isExecutable: isExecutableFile,
    listDir: (dir) => {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

/**
 * The clang to run: the configured one, else the newest found. `trustedWorkspaceRoots` may hold
 * eBPF for Windows' own toolchain (packages\llvm.tools); pass them only for trusted workspaces.
 */
export function findClang(
  configuredPath: string | undefined,
  trustedWorkspaceRoots: readonly string[] = [],
): LocateResult {
  return locateClang(
    { ...(configuredPath !== undefined ? { configuredPath } : {}), trustedWorkspaceRoots },
    nodeHost(),
  );
}

/** The multiarch include folder <linux/bpf.h> needs for asm/types.h, when this host has one. */
export function linuxArchIncludeDir(): string | undefined {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  const dir = `/usr/include/${arch}-linux-gnu`;
  return fs.existsSync(dir) ? dir : undefined;
}

/**
 * Looks for compile_commands.json from the file's folder up to (and including) the root folder,
 * also in a build/ subfolder at each level, and returns the entry's relevant flags.
 */
export function compileCommandFlagsFor(filePath: string, rootDir: string | undefined): ScreenedFlags {
  const none: ScreenedFlags = { kept: [], refused: [] };
  let dir = path.dirname(filePath);
  const stop = rootDir ? path.resolve(rootDir) : path.parse(dir).root;
  for (;;) {
    for (const candidate of [
      path.join(dir, 'compile_commands.json'),
      path.join(dir, 'build', 'compile_commands.json'),
    ]) {
      let text: string;
      try {
        text = fs.readFileSync(candidate, 'utf8');
      } catch {
        continue;
      }
      try {
        const entry = findEntry(parseCompileCommands(text, candidate), filePath);
        if (entry) return relevantFlags(entry, rootDir ? [rootDir] : [], candidate);
      } catch {
        // A broken database must not stop compiles; fall through to defaults.
      }
    }
    if (dir === stop || path.dirname(dir) === dir || !dir.startsWith(stop)) return none;
    dir = path.dirname(dir);
  }
}

export interface CompileBufferRequest {
  /** The document's text (unsaved buffer). */
  readonly source: string;
  /** The document's real path; the temp copy gets the same base name. */
  readonly filePath: string;
  readonly platform: TargetPlatform;
  readonly clangPath?: string;
  /** The extension's include/ (eBPF for Windows headers), used when the project has none of its own. */
  readonly extensionIncludeDir?: string;
  /** ebpf.windows.includePath: the eBPF for Windows headers to compile against. */
  readonly windowsIncludePath?: string;
  /** Whether workspaceRoot is trusted: only then may clang come from it (packages\llvm.tools). */
  readonly workspaceTrusted?: boolean;
  readonly includePaths?: readonly string[];
  /** Screened by the flag policy (core/toolchain/flagPolicy.ts) before they reach clang. */
  readonly extraArgs?: readonly string[];
  /** Where extraArgs come from, for refusal messages (default "ebpf.clang.extraArgs"). */
  readonly extraArgsOrigin?: string;
  /** Where includePaths come from, for refusal messages (default "ebpf.includePaths"). */
  readonly includePathsOrigin?: string;
  /** Workspace root to stop the compile_commands.json search at; -include may read files under it. */
  readonly workspaceRoot?: string;
  readonly signal?: AbortSignal;
}

/** A compile in progress: its temp folder (a copy of the buffer) and, once started, its clang. */
interface LiveCompile {
  readonly tempDir: string;
  child?: ChildProcess;
}
const live = new Set<LiveCompile>();

/**
 * Kill every running clang and remove every temp folder, synchronously, so it also works from a
 * process 'exit' handler: a server that exits (shutdown, exit, stdin closed, a signal) leaves no
 * clang running and no copy of a buffer behind.
 */
export function stopAllCompiles(): void {
  for (const c of live) {
    c.child?.kill('SIGKILL');
    fs.rmSync(c.tempDir, { recursive: true, force: true });
  }
  live.clear();
}

export async function compileBuffer(req: CompileBufferRequest): Promise<CompileOutcome> {
  const roots = req.workspaceRoot ? [req.workspaceRoot] : [];
  const located = findClang(req.clangPath, req.workspaceTrusted ? roots : []);
  if (located.kind !== 'found') return located;
  if (req.signal?.aborted) return { kind: 'cancelled' };

  const tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ebpf-ls-'));
  const entry: LiveCompile = { tempDir };
  live.add(entry);
  try {
    const base = path.basename(req.filePath) || 'program.c';
    const inputFile = path.join(tempDir, base.endsWith('.c') || base.endsWith('.h') ? base : `${base}.c`);
    const outputFile = path.join(tempDir, 'out.o');
    await fs.promises.writeFile(inputFile, req.source);
    const workspaceRoots = req.workspaceRoot ? [req.workspaceRoot] : [path.dirname(req.filePath)];
    const extra = screenClangFlags(req.extraArgs ?? [], {
      origin: req.extraArgsOrigin ?? 'ebpf.clang.extraArgs',
      workspaceRoots,
    });
    // Include folders go through the same screen: a value "@x" would be a response file to clang.
    const includes = screenClangFlags(
      (req.includePaths ?? []).flatMap((dir) => ['-I', dir]),
      { origin: req.includePathsOrigin ?? 'ebpf.includePaths', workspaceRoots },
    );
    const fromDatabase = compileCommandFlagsFor(req.filePath, req.workspaceRoot);
    const refusedFlags = [...fromDatabase.refused, ...includes.refused, ...extra.refused];
    const headers =
      req.platform === 'windows'
        ? findWindowsHeaders(
            {
              ...(req.windowsIncludePath !== undefined ? { setting: req.windowsIncludePath } : {}),
              workspaceRoots: roots.length ? roots : [path.dirname(req.filePath)],
              ...(req.extensionIncludeDir !== undefined ? { bundledDir: req.extensionIncludeDir } : {}),
            },
            nodeHost(),
          )
        : undefined;
    const archIncludeDir = req.platform === 'linux' ? linuxArchIncludeDir() : undefined;
    const args = buildCompileArgs({
      inputFile,
      outputFile,
      sourceDir: path.dirname(req.filePath),
      tempDir,
      platform: req.platform,
      windowsIncludeDirs: headers?.includeDirs ?? [],
      ...(archIncludeDir !== undefined ? { linuxArchIncludeDir: archIncludeDir } : {}),
      includePaths: includes.kept.map((flag) => flag.slice('-I'.length)),
      extraArgs: extra.kept,
      compileCommandFlags: fromDatabase.kept,
    });
    const started = Date.now();
    // No crash reproducers (clang writes a copy of the source to /tmp when it crashes), and
    // anything clang puts in TMPDIR lands in our folder, which is removed below.
    const run = await runProcess(located.path, [...args, '-fno-crash-diagnostics'], req.signal, tempDir, (child) => {
      entry.child = child;
    });
    const milliseconds = Date.now() - started;
    if (run.kind === 'cancelled') return run;
    // Findings in the temp copy belong to the real document.
    const diagnostics = parseClangDiagnostics(run.stderr.split(inputFile).join(req.filePath));
    if (run.exitCode === 0) {
      const object = new Uint8Array(await fs.promises.readFile(outputFile));
      return {
        kind: 'compiled',
        clangPath: located.path,
        clangSource: located.source,
        headers,
        args,
        refusedFlags,
        object,
        diagnostics,
        milliseconds,
      };
    }
    return {
      kind: 'failed',
      clangPath: located.path,
      clangSource: located.source,
      headers,
      args,
      refusedFlags,
      diagnostics,
      stderr: run.stderr,
      exitCode: run.exitCode,
      ...(run.exitSignal ? { exitSignal: run.exitSignal } : {}),
      milliseconds,
    };
  } finally {
    live.delete(entry);
    await fs.promises.rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

type ProcessRun =
  { kind: 'exited'; exitCode: number | null; exitSignal: string | null; stderr: string } | { kind: 'cancelled' };

function runProcess(
  command: string,
  args: readonly string[],
  signal: AbortSignal | undefined,
  tempDir: string,
  onSpawn: (child: ChildProcess) => void,
): Promise<ProcessRun> {
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      windowsHide: true,
      env: { ...process.env, TMPDIR: tempDir, TMP: tempDir, TEMP: tempDir },
    });
    onSpawn(child);
    let stderr = '';
    let settled = false;
    const finish = (r: ProcessRun) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish({ kind: 'cancelled' });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      // Bound memory on pathological input (thousands of errors): the head is what matters.
      if (stderr.length < 1_000_000) stderr += d;
    });
    child.on('error', (e) =>
      finish({ kind: 'exited', exitCode: null, exitSignal: null, stderr: `failed to start ${command}: ${e.message}` }),
    );
    child.on('close', (code, killedBy) => finish({ kind: 'exited', exitCode: code, exitSignal: killedBy, stderr }));
  });
}
