// The `ebpf` help texts: one usage line, a sentence and the options per command, and the overview
// `ebpf --help` prints. The completion script is generated from the same table.
import { MAPS_USAGE, TRACE_USAGE } from './commands/live';
import { ADDR2LINE_USAGE } from './commands/addr2line';
import { CONVERT_USAGE } from './commands/convert';
import { RUN_USAGE } from './commands/run';
import { VERIFY_USAGE } from './commands/verify';

export interface CommandHelp {
  readonly name: string;
  /** The usage block shown in `ebpf --help` and at the top of `ebpf <command> --help`. */
  readonly usage: string;
  /** Options with their one-line descriptions, for `ebpf <command> --help` and completion. */
  readonly options: readonly (readonly [flag: string, description: string])[];
}

const PLATFORM: readonly [string, string] = [
  '--platform auto|windows|linux',
  'target platform profile (default: auto-detect)',
];
const TYPE: readonly [string, string] = [
  '--type TYPE | SECTION=TYPE',
  "program type as a loader sets it (repeatable; SECTION may be a glob such as '2/*')",
];
const DEBUG: readonly [string, string] = ['--debug', 'show stack traces of internal errors'];
const HELP: readonly [string, string] = ['-h, --help', 'this help'];

export const COMMANDS: readonly CommandHelp[] = [
  {
    name: 'info',
    usage: `  info FILE.o [--json]            platform, executable sections, programs, maps, BTF`,
    options: [['--json', 'JSON output (errors too: {"error": {"code", "message"}})'], PLATFORM, TYPE, DEBUG, HELP],
  },
  {
    name: 'disasm',
    usage: `  disasm FILE.o [--section S] [--function F] [--source] [--syntax llvm|prevail] [--json]
                                  disassembly (llvm-objdump syntax), map names resolved,
                                  C source lines interleaved with --source`,
    options: [
      ['--section S', 'only programs in ELF section S'],
      ['--function F', 'only the program whose entry function is F'],
      ['--source', 'interleave the C source lines (from BTF line info)'],
      ['--syntax llvm|prevail', 'instruction syntax (default: llvm)'],
      ['--json', 'JSON output: programs with their instructions (errors too)'],
      PLATFORM,
      TYPE,
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'run',
    usage: RUN_USAGE,
    options: [
      ['--section S', 'the program in ELF section S'],
      ['--function F', 'the program whose entry function is F'],
      ['--packet HEX|FILE', 'a packet as hex bytes or a file holding them (repeatable: one run each)'],
      ['--pcap FILE', 'a pcap or pcapng capture: one run per frame'],
      ['--frames RANGE', 'frames of the capture to run, 1-based: "1-3,7,10-"'],
      ['--ctx JSON|FILE', 'context field values by name, e.g. {"process_id": 4242}'],
      ['--maps JSON|FILE', 'initial map contents: {"map": [{"key": "hex", "value": "hex"}]}'],
      ['--budget N', 'instructions per run before it is stopped as endless (default 1000000)'],
      ['--seed N', 'seed of bpf_get_prandom_u32, 0 to 4294967295 (default 1)'],
      ['--engine vm|native', 'the interpreter (default) or the generated C built with the system compiler'],
      ['--summary', 'only the counts per verdict and the first distinct outcomes (large captures)'],
      ['--distinct N', 'with --summary: how many distinct outcomes to list (default 10)'],
      ['--quiet', 'only the counts per verdict'],
      ['--json', 'JSON output (errors too)'],
      PLATFORM,
      TYPE,
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'verify',
    usage: VERIFY_USAGE,
    options: [
      ['--section S', 'only programs in ELF section S'],
      ['--function F', 'only the program whose entry function is F'],
      ['--format text|json', 'output format (default text; json covers errors too)'],
      ['--json', 'the same as --format json'],
      ['--state', 'print the abstract state before each error'],
      [
        '--time-budget MS',
        'stop verifying a program after MS milliseconds (default 30000: a safety net, verdicts come from the platform work caps)',
      ],
      ['--unprivileged', 'Linux: judge as the kernel does for a loader without root (pointer leaks are errors)'],
      PLATFORM,
      TYPE,
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'convert',
    usage: CONVERT_USAGE,
    options: [
      ['--raw | --dll | --sys', "bpf2c's flavour: plain C (default), a user-mode DLL or a driver"],
      ['-o, --output OUT.c', 'write the C (and OUT.c.map, its source map) instead of printing it'],
      ['--section S', 'only programs in ELF section S'],
      ['--type T', 'the program type, as a loader would set it'],
      ['--hash none|sha256', "embed the object's hash (default none)"],
      PLATFORM,
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'addr2line',
    usage: ADDR2LINE_USAGE,
    options: [
      ['--object FILE.o', 'the eBPF object the image was generated from: names the program, pc and instructions'],
      ['--base ADDR', "the image's load base, for run-time addresses (a debugger's absolute addresses)"],
      ['--stack FILE|-', 'a pasted stack trace (WinDbg k, gdb or lldb bt, glibc backtrace) instead of addresses'],
      ['--json', 'JSON output (errors too)'],
      PLATFORM,
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'maps',
    usage: MAPS_USAGE,
    options: [
      ['--json', 'JSON output (errors too)'],
      ['--map ID', 'the entries of map ID, decoded through its BTF'],
      ['--start N', 'first entry to show (paging)'],
      ['--count N', 'number of entries to show'],
      ['--export', 'print the ebpf run --maps JSON of every map (or of --map ID)'],
      ['--update ID', 'write --key HEX --value HEX into map ID (--flags any|noexist|exist)'],
      ['--delete ID', 'delete --key HEX from map ID'],
      ['--source linux|windows', 'the system to read (default: this one)'],
      ['--bpftool PATH', 'the bpftool executable'],
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'trace',
    usage: TRACE_USAGE,
    options: [
      ['--json', 'one JSON object per line'],
      ['--object FILE.o', 'map each line to its bpf_printk call site in this object (repeatable)'],
      ['--count N', 'stop after N lines'],
      ['--duration S', 'stop after S seconds'],
      ['--source linux|windows', 'the system to read (default: this one)'],
      DEBUG,
      HELP,
    ],
  },
  {
    name: 'conformance-plugin',
    usage: `  conformance-plugin [MEMORY_HEX] bpf_conformance plugin: program hex on stdin, prints r0 in hex`,
    options: [['--program HEX', 'the program as hex instead of stdin'], HELP],
  },
  {
    name: 'completion',
    usage: `  completion bash                 print a bash completion script (source it, or save it to
                                  /etc/bash_completion.d/ebpf)`,
    options: [HELP],
  },
];

export const USAGE = `Usage: ebpf <command> [options]

Commands:
${COMMANDS.map((c) => c.usage).join('\n')}

Options:
  --platform auto|windows|linux   target platform profile (default: auto-detect)
  --debug                         show stack traces of internal errors
  -h, --help                      this help; ebpf <command> --help for one command
  -V, --version                   the version

Errors: one line on stderr and exit code 2; with --json (or --format json) a JSON object
{"error": {"code": "usage"|"input"|"internal", "message": "..."}} on stdout instead.
`;

export function commandHelp(name: string): string | undefined {
  const c = COMMANDS.find((x) => x.name === name);
  if (!c) return undefined;
  const width = Math.max(...c.options.map(([flag]) => flag.length));
  return `Usage: ebpf ${c.usage.trimStart()}\n\nOptions:\n${c.options
    .map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)
    .join('\n')}\n`;
}

/** A bash completion script: commands, then each command's flags; files otherwise. */
export function bashCompletion(): string {
  const flags = (c: CommandHelp) =>
    c.options
      .flatMap(([flag]) => flag.split(', '))
      .map((f) => f.split(' ')[0])
      .join(' ');
  const cases = COMMANDS.map((c) => `    ${c.name}) flags="${flags(c)}" ;;`).join('\n');
  return `# bash completion for ebpf (generated by: ebpf completion bash)
_ebpf() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" flags
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${COMMANDS.map((c) => c.name).join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    *) flags="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _ebpf ebpf
`;
}
