// The `ebpf` command: subcommand dispatch, options, and the error policy (one line on stderr
// naming the file and the problem, exit code 2; a stack trace only with --debug).
import { oneFile, parseCommandLine } from './args';
import type { Syntax } from '../core/isa/disassemble';
import { conformancePluginCommand } from './commands/conformancePlugin';
import { disasmText } from './commands/disasm';
import { infoJson, infoText } from './commands/info';
import { runCommand, RUN_USAGE } from './commands/run';
import { verifyCommand, VERIFY_USAGE } from './commands/verify';
import { CliError, type CliIo } from './io';
import { loadFile, platformOption, typeRules } from './load';

export const USAGE = `Usage: ebpf <command> [options]

Commands:
  info FILE.o [--json]            platform, executable sections, programs, maps, BTF
  disasm FILE.o [--section S] [--function F] [--source] [--syntax llvm|prevail]
                                  disassembly (llvm-objdump syntax), map names resolved,
                                  C source lines interleaved with --source
${RUN_USAGE}
${VERIFY_USAGE}
  conformance-plugin [MEMORY_HEX] bpf_conformance plugin: program hex on stdin, prints r0 in hex

Options:
  --platform auto|windows|linux   target platform profile (default: auto-detect)
  --type TYPE | SECTION=TYPE      program type as a loader sets it (info, disasm, run, verify;
                                  repeatable; SECTION may be a glob such as '2/*')
  --debug                         show stack traces of internal errors
  -h, --help                      this help
`;

const OPTIONS = {
  json: { type: 'boolean' },
  section: { type: 'string' },
  function: { type: 'string' },
  source: { type: 'boolean' },
  syntax: { type: 'string' },
  platform: { type: 'string' },
  type: { type: 'string', multiple: true },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: readonly string[]) {
  return parseCommandLine(argv, OPTIONS);
}

function syntaxOption(value: string | undefined): Syntax | undefined {
  if (value === undefined || value === 'llvm' || value === 'prevail') return value;
  throw new CliError(`unknown syntax '${value}' (expected llvm or prevail)`);
}

/** Run the CLI; returns the exit code (0 success, 2 error). */
export function runCli(argv: readonly string[], io: CliIo): number {
  const debug = argv.includes('--debug');
  try {
    // These commands parse their own arguments.
    if (argv[0] === 'conformance-plugin') return conformancePluginCommand(argv.slice(1), io);
    if (argv[0] === 'run') return runCommand(argv.slice(1), io);
    if (argv[0] === 'verify') return verifyCommand(argv.slice(1), io);
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.stdout(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    const platform = platformOption(values.platform);
    switch (command) {
      case 'info': {
        const file = oneFile(command, rest);
        const obj = loadFile(io, file, platform, typeRules(values.type));
        io.stdout(values.json ? JSON.stringify(infoJson(obj), null, 2) + '\n' : infoText(file, obj));
        return 0;
      }
      case 'disasm': {
        const file = oneFile(command, rest);
        const obj = loadFile(io, file, platform, typeRules(values.type));
        io.stdout(
          disasmText(obj, file, {
            section: values.section,
            function: values.function,
            source: values.source,
            syntax: syntaxOption(values.syntax),
          }),
        );
        return 0;
      }
      default:
        throw new CliError(`unknown command '${command}' (see ebpf --help)`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`ebpf: ${e.message}\n`);
      if (debug && e.stack) io.stderr(e.stack + '\n');
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`ebpf: internal error: ${err.message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && err.stack) io.stderr(err.stack + '\n');
    return 2;
  }
}
