// compile_commands.json support: find the entry for a file and keep only the flags that matter
// for a `-target bpf` syntax/semantic compile (include paths, defines, language options).
// Pure: JSON text in, argument list out.

import path from 'node:path';
import { screenClangFlags, type ScreenedFlags } from './flagPolicy';

export interface CompileCommandEntry {
  readonly directory: string;
  readonly file: string;
  readonly arguments?: readonly string[];
  readonly command?: string;
}

/**
 * Splits a shell command line the way compile_commands.json producers quote it: POSIX rules, or
 * with `windows` the Windows ones, where a backslash is a path separator (it escapes only a quote).
 */
export function splitCommandLine(command: string, windows = false): string[] {
  const out: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command.charAt(i);
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length && (!windows || command[i + 1] === '"'))
        current += command.charAt(++i);
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\' && i + 1 < command.length && (!windows || command[i + 1] === '"')) {
      current += command.charAt(++i);
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inToken) out.push(current);
  return out;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function join(dir: string, p: string): string {
  if (isAbsolute(p)) return p;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.replace(/[\\/]+$/, '') + sep + p;
}

function normalise(p: string): string {
  const parts: string[] = [];
  const absolute = p.startsWith('/');
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

/** Parses compile_commands.json; throws a clear error when the text is not a compilation database. */
export function parseCompileCommands(jsonText: string, sourceName = 'compile_commands.json'): CompileCommandEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (e) {
    throw new CompileCommandsError(`${sourceName}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(data)) throw new CompileCommandsError(`${sourceName}: expected a JSON array of entries`);
  return (data as unknown[]).filter(isCompileCommandEntry);
}

function isCompileCommandEntry(value: unknown): value is CompileCommandEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.directory === 'string' &&
    typeof e.file === 'string' &&
    (Array.isArray(e.arguments) || typeof e.command === 'string')
  );
}

export class CompileCommandsError extends Error {
  override name = 'CompileCommandsError';
}

export function findEntry(entries: readonly CompileCommandEntry[], filePath: string): CompileCommandEntry | undefined {
  // Windows paths compare without case (C:\Src and c:\src are one file; producers differ).
  const key = (p: string) => (isWindowsPath(p) ? normalise(p).toLowerCase() : normalise(p));
  const wanted = key(filePath);
  return entries.find((e) => key(join(e.directory, e.file)) === wanted);
}

// Flags of the project's own build that ours replace; dropped without a word. The flag and, for
// the separate forms, its value.
const OURS_WITH_VALUE = new Set(['-o', '-MF', '-MT', '-MQ', '-target', '-x']);
const OURS_ALONE = /^(?:-c|-MD|-MMD|-MP|-M|-MM|-O[0-3sgz]?|-g[\w-]*|--target=.*|-x\w+|-pipe)$/;

/**
 * The flags of an entry worth passing to our compile, screened by the flag policy: include paths
 * (made absolute against the entry's directory), defines, -std, named warnings and harmless -f
 * options pass; the build's own compiler, inputs, output, -c, -target, optimisation, debug and
 * dependency-file flags are dropped silently (ours win); anything else is refused and named.
 */
export function relevantFlags(
  entry: CompileCommandEntry,
  workspaceRoots: readonly string[] = [],
  origin = 'compile_commands.json',
): ScreenedFlags {
  const argv = entry.arguments
    ? [...entry.arguments]
    : splitCommandLine(entry.command ?? '', isWindowsPath(entry.directory));
  const input = normalise(join(entry.directory, entry.file));
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === undefined) break;
    if (OURS_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (OURS_ALONE.test(a)) continue;
    if (!a.startsWith('-') && normalise(join(entry.directory, a)) === input) continue;
    rest.push(a);
  }
  return screenClangFlags(rest, {
    origin,
    workspaceRoots,
    baseDir: entry.directory,
    pathApi: isWindowsPath(entry.directory) ? path.win32 : path.posix,
  });
}

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}
