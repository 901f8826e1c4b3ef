// compile_commands.json support: find the entry for a file and keep only the flags that matter
// for a `-target bpf` syntax/semantic compile (include paths, defines, language options).
// Pure: JSON text in, argument list out.

export interface CompileCommandEntry {
  readonly directory: string;
  readonly file: string;
  readonly arguments?: readonly string[];
  readonly command?: string;
}

/** Splits a shell command line the way compile_commands.json producers quote it (POSIX rules). */
export function splitCommandLine(command: string): string[] {
  const out: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\' && i + 1 < command.length) {
      current += command[++i];
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
  const wanted = normalise(filePath);
  return entries.find((e) => normalise(join(e.directory, e.file)) === wanted);
}

// Flags whose value may be attached (-Ifoo) or separate (-I foo), and whose value is a path.
const PATH_FLAGS = ['-I', '-isystem', '-iquote', '-idirafter', '-include'];
// Flags kept with their value, not paths.
const VALUE_FLAGS = ['-D', '-U'];

/**
 * The flags of an entry worth passing to our compile: include paths (made absolute against the
 * entry's directory), defines, -std, warnings and -f options that change the language. Dropped:
 * the compiler, inputs, outputs, -c, -target, optimisation and debug levels, dependency flags —
 * ours must win for those.
 */
export function relevantFlags(entry: CompileCommandEntry): string[] {
  const argv = entry.arguments ? [...entry.arguments] : splitCommandLine(entry.command ?? '');
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const pathFlag = PATH_FLAGS.find((f) => a === f || (a.startsWith(f) && f !== '-include'));
    if (pathFlag) {
      const value = a === pathFlag ? argv[++i] : a.slice(pathFlag.length);
      if (value !== undefined) out.push(pathFlag, join(entry.directory, value));
      continue;
    }
    const valueFlag = VALUE_FLAGS.find((f) => a.startsWith(f));
    if (valueFlag) {
      if (a === valueFlag) {
        if (argv[i + 1] !== undefined) out.push(valueFlag + argv[++i]);
      } else out.push(a);
      continue;
    }
    if (
      a.startsWith('-std=') ||
      (a.startsWith('-W') && !a.startsWith('-Wl,')) ||
      a === '-ffreestanding' ||
      a === '-fno-builtin'
    ) {
      out.push(a);
      continue;
    }
    if (a === '-o' || a === '-MF' || a === '-MT' || a === '-MQ' || a === '-target' || a === '-x') i++;
  }
  return out;
}
