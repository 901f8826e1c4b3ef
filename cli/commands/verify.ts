// `ebpf verify FILE.o [--section S] [--function F] [--platform windows|linux] [--format text|json] [--state]`
// Verifies every program of an object (or the chosen one) and prints one line per diagnostic,
// PASS/FAIL per program. Exit code: 0 all pass, 1 some fail, 2 load or usage error.
import { oneFile, parseCommandLine } from '../args';
import type { Program } from '../../core/program/types';
import { verifyProgram } from '../../core/verifier/index';
import type { Diagnostic, StateSummary } from '../../core/verifier/types';
import { CliError, type CliIo } from '../io';
import { loadFile, platformOption, typeRules } from '../load';

export const VERIFY_USAGE = `  verify FILE.o [--section S] [--function F] [--type T|S=T] [--format text|json] [--state]
                                  predict the target's verifier verdict per program; diagnostics
                                  on C lines (file:line:col: error[code]: message + condition);
                                  exit 0 all pass, 1 some fail, 2 load/usage error`;

const OPTIONS = {
  section: { type: 'string' },
  function: { type: 'string' },
  platform: { type: 'string' },
  type: { type: 'string', multiple: true },
  format: { type: 'string' },
  state: { type: 'boolean' },
  debug: { type: 'boolean' },
  'time-budget': { type: 'string' },
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

function verifyOne(program: Program, budgetMs: number | undefined): VerifyProgramJson {
  const started = Date.now();
  try {
    const r = verifyProgram(program, { timeBudgetMs: budgetMs, keepStates: false });
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

export function verifyCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CliError(`unknown format '${format}' (expected text or json)`);
  const budget = values['time-budget'] === undefined ? undefined : Number(values['time-budget']);
  if (budget !== undefined && !(budget > 0))
    throw new CliError(`--time-budget must be a positive number of milliseconds`);
  const file = oneFile('verify', positionals);
  const platform = platformOption(values.platform);
  let obj;
  try {
    obj = loadFile(io, file, platform, typeRules(values.type));
  } catch (e) {
    if (format === 'json' && e instanceof CliError) {
      io.stdout(JSON.stringify({ programs: [], error: e.message }, null, 2) + '\n');
    }
    throw e;
  }
  const chosen = (p: { section: string; name: string }) =>
    (values.section === undefined || p.section === values.section) &&
    (values.function === undefined || p.name === values.function);
  const programs = obj.programs.filter(chosen);
  // Programs the loader could not link are errors of their own; the others are still verified.
  const failed = obj.failedPrograms.filter(chosen);
  if (programs.length === 0 && failed.length === 0) {
    const names = [...obj.programs, ...obj.failedPrograms].map((p) => `${p.section}/${p.name}`).join(', ') || 'none';
    throw new CliError(
      `${file}: no program matches${values.section ? ` section '${values.section}'` : ''}${values.function ? ` function '${values.function}'` : ''} (programs: ${names})`,
    );
  }
  const results = [
    ...programs.map((p) => verifyOne(p, budget)),
    ...failed.map((f): VerifyProgramJson => ({
      section: f.section,
      function: f.name,
      verdict: 'error',
      diagnostics: [],
      ms: 0,
      error: `cannot be linked: ${f.error}`,
    })),
  ];
  if (format === 'json') {
    io.stdout(JSON.stringify({ platform: obj.platform.id, programs: results }, null, 2) + '\n');
  } else {
    const out: string[] = [];
    for (const r of results) {
      for (const d of r.diagnostics) out.push(formatDiagnostic(file, d, values.state ?? false));
      const name = `${r.section}/${r.function}`;
      if (r.verdict === 'error') out.push(`ERROR ${name}: ${r.error}`);
      else out.push(`${r.verdict === 'pass' ? 'PASS' : 'FAIL'} ${name} (${obj.platform.displayName}, ${r.ms} ms)`);
    }
    io.stdout(out.join('\n') + '\n');
  }
  if (results.some((r) => r.verdict === 'error')) return 2;
  return results.some((r) => r.verdict === 'fail') ? 1 : 0;
}
