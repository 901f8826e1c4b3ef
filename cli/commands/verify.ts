// `ebpf verify FILE.o|DIR... [--section S] [--function F] [--type T|S=T] [--platform P] [--format text|json]
// [--state] [--jobs N]`: verifies every program of each object (or the chosen one) and prints one line
// per diagnostic, PASS/FAIL per program; several files or directories are one batch in one process,
// spread over N worker threads. Exit code: 0 all pass, 1 some fail, 2 load or usage error.
import { isSelected, noProgramMatches, type ProgramName } from '../programSelection';
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../args';
import { verifyInWorkers } from '../verifyWorkers';
import type { Program } from '../../core/program/types';
import { verifyProgram } from '../../core/verifier/index';
import type { Diagnostic, StateSummary } from '../../core/verifier/types';
import { CliError, type CliIo } from '../io';
import { loadFile, platformOption, typeRules } from '../load';

export const VERIFY_USAGE = `  verify FILE.o|DIR... [--section S] [--function F] [--type T|S=T] [--format text|json]
         [--json] [--state] [--jobs N]
                                  predict the target's verifier verdict per program; diagnostics
                                  on C lines (file:line:col: error[code]: message + condition);
                                  exit 0 all pass, 1 some fail, 2 load/usage error`;

const OPTIONS = {
  section: { type: 'string' },
  function: { type: 'string' },
  platform: { type: 'string' },
  type: { type: 'string', multiple: true },
  format: { type: 'string' },
  json: { type: 'boolean' },
  state: { type: 'boolean' },
  debug: { type: 'boolean' },
  'time-budget': { type: 'string' },
  jobs: { type: 'string' },
  unprivileged: { type: 'boolean' },
} as const;

export interface VerifyProgramJson {
  section: string;
  function: string;
  verdict: 'pass' | 'fail' | 'error';
  diagnostics: Diagnostic[];
  ms: number;
  error?: string;
}

function where(file: string, d: { pc: number; location: Diagnostic['location'] }): string {
  if (d.location) return `${d.location.file}:${d.location.line}:${d.location.column || 1}`;
  return `${file}:pc ${d.pc}`;
}

function stateText(s: StateSummary, indent: string): string {
  const lines: string[] = [];
  for (const r of s.registers) lines.push(`${indent}${r.name}: ${r.type}${r.value ? ` ${r.value}` : ''}`);
  for (const r of s.stack) lines.push(`${indent}${r.name}: ${r.type}${r.value ? ` ${r.value}` : ''}`);
  for (const f of s.facts) lines.push(`${indent}${f}`);
  return lines.join('\n');
}

export function formatDiagnostic(file: string, d: Diagnostic, withState: boolean): string {
  const out = [`${where(file, d)}: ${d.severity}[${d.code}]: ${d.message}`];
  if (d.condition && d.severity === 'error') out.push(`    condition: ${d.pc}: ${d.condition}`);
  if (d.location?.text) out.push(`    | ${d.location.text.trim()}`);
  for (const r of d.related) out.push(`    note: ${where(file, r)}: ${r.message}`);
  if (withState && d.state) {
    const text = stateText(d.state, '      ');
    if (text) out.push(`    state before pc ${d.pc}:\n${text}`);
  }
  return out.join('\n');
}

function verifyOne(program: Program, budgetMs: number | undefined, unprivileged = false): VerifyProgramJson {
  const started = Date.now();
  try {
    const r = verifyProgram(program, {
      ...(budgetMs !== undefined && { timeBudgetMs: budgetMs }),
      keepStates: false,
      privileged: !unprivileged,
    });
    return {
      section: program.section,
      function: program.name,
      verdict: r.verdict,
      diagnostics: [...r.diagnostics],
      ms: Date.now() - started,
    };
  } catch (e) {
    return {
      section: program.section,
      function: program.name,
      verdict: 'error',
      diagnostics: [],
      ms: Date.now() - started,
      error: `internal verifier error: ${(e as Error).message}`,
    };
  }
}

/** What `verify` needs to judge one file; plain data so a worker thread can receive it. */
/** Parsed command-line options: undefined where the option was not given. */
export interface VerifyFileOptions {
  readonly section?: string | undefined;
  readonly function?: string | undefined;
  readonly platform?: string | undefined;
  readonly types?: readonly string[] | undefined;
  readonly budgetMs?: number | undefined;
  /** Linux: judge as the kernel does for a loader without CAP_BPF/CAP_PERFMON (default: root). */
  readonly unprivileged?: boolean | undefined;
}

export interface VerifyFileResult {
  readonly file: string;
  readonly platform?: string;
  readonly platformName?: string;
  readonly programs: VerifyProgramJson[];
  /** The file could not be read or loaded, or no program matched: the whole file is an error. */
  readonly error?: string;
}

/** Load and verify one object; throws CliError when it cannot be loaded or nothing matches. */
export function verifyFile(io: CliIo, file: string, o: VerifyFileOptions): VerifyFileResult {
  const obj = loadFile(io, file, platformOption(o.platform), typeRules(o.types));
  const chosen = (p: ProgramName) => isSelected(p, o);
  const programs = obj.programs.filter(chosen);
  // Programs the loader could not link are errors of their own; the others are still verified.
  const failed = obj.failedPrograms.filter(chosen);
  if (programs.length === 0 && failed.length === 0)
    throw noProgramMatches(file, o, [...obj.programs, ...obj.failedPrograms]);
  return {
    file,
    platform: obj.platform.id,
    platformName: obj.platform.displayName,
    programs: [
      ...programs.map((p) => verifyOne(p, o.budgetMs, o.unprivileged)),
      ...failed.map((f): VerifyProgramJson => ({
        section: f.section,
        function: f.name,
        verdict: 'error',
        diagnostics: [],
        ms: 0,
        error: `cannot be linked: ${f.error}`,
      })),
    ],
  };
}

/** verifyFile for a batch: a file that cannot be loaded becomes an error result, not an exit. */
export function verifyFileForBatch(io: CliIo, file: string, o: VerifyFileOptions): VerifyFileResult {
  try {
    return verifyFile(io, file, o);
  } catch (e) {
    if (e instanceof CliError) return { file, programs: [], error: e.message };
    return { file, programs: [], error: `internal error: ${(e as Error).message}` };
  }
}

function textOf(r: VerifyFileResult, withState: boolean, prefix: string): string[] {
  if (r.error !== undefined) return [`ERROR ${prefix}${r.error}`];
  const out: string[] = [];
  for (const p of r.programs) {
    for (const d of p.diagnostics) out.push(formatDiagnostic(r.file, d, withState));
    const name = `${prefix}${p.section}/${p.function}`;
    if (p.verdict === 'error') out.push(`ERROR ${name}: ${p.error}`);
    else out.push(`${p.verdict === 'pass' ? 'PASS' : 'FAIL'} ${name} (${r.platformName}, ${p.ms} ms)`);
  }
  return out;
}

function exitCode(results: readonly VerifyFileResult[]): number {
  const programs = results.flatMap((r) => r.programs);
  if (results.some((r) => r.error !== undefined) || programs.some((p) => p.verdict === 'error')) return 2;
  return programs.some((p) => p.verdict === 'fail') ? 1 : 0;
}

export function verifyCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, 'verify');
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json')
    throw new CliError(`--format: unknown format '${format}' (expected text or json)`, 'usage');
  const budget = values['time-budget'] === undefined ? undefined : Number(values['time-budget']);
  if (budget !== undefined && !(budget > 0))
    throw new CliError(
      `--time-budget must be a positive number of milliseconds, got '${values['time-budget']}'`,
      'usage',
    );
  const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
    throw new CliError(`--jobs must be an integer from 1 to 64, got '${values.jobs}'`, 'usage');
  if (positionals.length === 0)
    throw new CliError('verify takes one or more object files or directories (see ebpf verify --help)', 'usage');
  platformOption(values.platform); // a bad --platform is a usage error before any file is read
  typeRules(values.type);
  const options: VerifyFileOptions = {
    section: values.section,
    function: values.function,
    platform: values.platform,
    types: values.type,
    budgetMs: budget,
    unprivileged: values.unprivileged === true,
  };
  const files = expandObjects(positionals);
  const [only] = files;
  const batch = only === undefined || files.length !== 1 || positionals.length !== 1 || only !== positionals[0];
  if (!batch) {
    // One file: a load error is one line on stderr, exit 2 (in JSON mode {"error": ...} from runCli).
    const result = verifyFile(io, only, options);
    if (format === 'json')
      io.stdout(JSON.stringify({ platform: result.platform, programs: result.programs }, null, 2) + '\n');
    else io.stdout(textOf(result, values.state ?? false, '').join('\n') + '\n');
    return exitCode([result]);
  }
  if (files.length === 0) throw new CliError(`no .o files in ${positionals.join(', ')}`);
  const results =
    jobs > 1 && files.length > 1
      ? verifyInWorkers(files, options, Math.min(jobs, files.length))
      : files.map((f) => verifyFileForBatch(io, f, options));
  if (format === 'json') io.stdout(JSON.stringify({ files: results }, null, 2) + '\n');
  else {
    const out = results.flatMap((r) => textOf(r, values.state ?? false, `${r.file}: `));
    const programs = results.flatMap((r) => r.programs);
    const count = (v: string) => programs.filter((p) => p.verdict === v).length;
    out.push(
      `${files.length} files, ${programs.length} programs: ${count('pass')} pass, ${count('fail')} fail, ${count('error') + results.filter((r) => r.error).length} errors`,
    );
    io.stdout(out.join('\n') + '\n');
  }
  return exitCode(results);
}

/** Files as given, and every `.o` below a directory (sorted, so runs are repeatable). */
function expandObjects(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.o')) out.push(full);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = fs.statSync(p).isDirectory();
    } catch {
      // Not there: verifyFile reports it as unreadable.
    }
    if (isDir) walk(p);
    else out.push(p);
  }
  return out;
}
