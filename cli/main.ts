// The `ebpf` command: subcommand dispatch, help and version, and the error policy: one line on
// stderr naming the file or option and the problem, exit code 2 (a stack trace only with --debug);
// with --json / --format json the error is a JSON object on stdout instead, so scripts never
// read stderr.
import { oneFile, parseCommandLine } from './args';
import type { Syntax } from '../core/isa/disassemble';
import { addr2lineCommand } from './commands/addr2line';
import { conformancePluginCommand } from './commands/conformancePlugin';
import { convertCommand } from './commands/convert';
import { disasmJson, disasmText } from './commands/disasm';
import { infoJson, infoText } from './commands/info';
import { runCommand } from './commands/run';
import { verifyCommand } from './commands/verify';
import { bashCompletion, commandHelp, COMMANDS, USAGE } from './help';
import { CliError, type CliErrorCode, type CliIo } from './io';
import { loadFile, platformOption, typeRules } from './load';
import { version } from '../package.json';

export { USAGE } from './help';

const COMMON = {
  platform: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const TYPE = { type: { type: 'string', multiple: true } } as const;
const INFO_OPTIONS = { ...COMMON, ...TYPE, json: { type: 'boolean' } } as const;
const DISASM_OPTIONS = {
  ...COMMON,
  ...TYPE,
  json: { type: 'boolean' },
  section: { type: 'string' },
  function: { type: 'string' },
  source: { type: 'boolean' },
  syntax: { type: 'string' },
} as const;

function syntaxOption(value: string | undefined): Syntax | undefined {
  if (value === undefined || value === 'llvm' || value === 'prevail') return value;
  throw new CliError(`--syntax: unknown syntax '${value}' (expected llvm or prevail)`, 'usage');
}

/** Whether the caller asked for JSON, read before parsing so that parse errors are JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

function isHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Options that take a value, so the word after them is not mistaken for the command. */
const VALUE_OPTIONS = new Set(
  ['platform', 'section', 'function', 'syntax', 'format', 'packet', 'pcap', 'frames', 'ctx', 'maps']
    .concat(['budget', 'seed', 'time-budget', 'program', 'engine', 'type', 'hash', 'output', 'distinct'])
    .concat(['object', 'base', 'stack'])
    .map((o) => `--${o}`)
    .concat(['-o']),
);

/** The command word and the other arguments: options may come before the command (`ebpf --debug info x.o`). */
function splitCommand(argv: readonly string[]): { command: string | undefined; args: string[] } {
  const at = argv.findIndex((a, i) => !a.startsWith('-') && (i === 0 || !VALUE_OPTIONS.has(argv[i - 1] ?? '')));
  if (at < 0) return { command: undefined, args: [...argv] };
  return { command: argv[at], args: [...argv.slice(0, at), ...argv.slice(at + 1)] };
}

function dispatch(argv: readonly string[], io: CliIo): number {
  const { command, args } = splitCommand(argv);
  if (command === 'version' || (command === undefined && argv.some((a) => a === '--version' || a === '-V'))) {
    io.stdout(`ebpf ${version}\n`);
    return 0;
  }
  if (command === 'help' || (command === undefined && isHelp(argv))) {
    const topic = args.find((a) => !a.startsWith('-'));
    io.stdout((topic !== undefined ? commandHelp(topic) : undefined) ?? USAGE);
    return 0;
  }
  if (command === undefined) {
    if (argv.length > 0) throw new CliError(`no command given (see ebpf --help)`, 'usage');
    io.stderr(USAGE);
    return 2;
  }
  const help = commandHelp(command);
  if (help === undefined)
    throw new CliError(
      `unknown command '${command}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see ebpf --help)`,
      'usage',
    );
  if (isHelp(args)) {
    io.stdout(help);
    return 0;
  }
  switch (command) {
    case 'conformance-plugin':
      return conformancePluginCommand(args, io);
    case 'run':
      return runCommand(args, io);
    case 'verify':
      return verifyCommand(args, io);
    case 'convert':
      return convertCommand(args, io);
    case 'addr2line':
      return addr2lineCommand(args, io);
    case 'completion': {
      const { positionals } = parseCommandLine(args, COMMON, command);
      if (positionals.length !== 1 || positionals[0] !== 'bash')
        throw new CliError('completion takes one shell name: bash', 'usage');
      io.stdout(bashCompletion());
      return 0;
    }
    case 'info': {
      const { values, positionals } = parseCommandLine(args, INFO_OPTIONS, command);
      const file = oneFile(command, positionals);
      const obj = loadFile(io, file, platformOption(values.platform), typeRules(values.type));
      io.stdout(values.json ? JSON.stringify(infoJson(obj), null, 2) + '\n' : infoText(file, obj));
      return 0;
    }
    case 'disasm': {
      const { values, positionals } = parseCommandLine(args, DISASM_OPTIONS, command);
      const file = oneFile(command, positionals);
      const options = {
        section: values.section,
        function: values.function,
        source: values.source,
        syntax: syntaxOption(values.syntax),
      };
      const obj = loadFile(io, file, platformOption(values.platform), typeRules(values.type));
      io.stdout(
        values.json ? JSON.stringify(disasmJson(obj, file, options), null, 2) + '\n' : disasmText(obj, file, options),
      );
      return 0;
    }
    default:
      throw new CliError(`unknown command '${command}' (see ebpf --help)`, 'usage');
  }
}

/** Run the CLI; returns the exit code (0 success, 1 a program failed or was rejected, 2 error). */
export function runCli(argv: readonly string[], io: CliIo): number {
  const debug = argv.includes('--debug');
  const json = wantsJson(argv);
  const fail = (code: CliErrorCode, message: string, stack: string | undefined): number => {
    if (json) io.stdout(JSON.stringify({ error: { code, message } }, null, 2) + '\n');
    else io.stderr(`ebpf: ${message}\n`);
    if (debug && stack) io.stderr(stack + '\n');
    return 2;
  };
  try {
    return dispatch(argv, io);
  } catch (e) {
    if (e instanceof CliError) return fail(e.code, e.message, e.stack);
    const err = e instanceof Error ? e : new Error(String(e));
    const message = `internal error: ${err.message.split('\n')[0]}`;
    return fail('internal', json || debug ? message : `${message} (run with --debug for details)`, err.stack);
  }
}
