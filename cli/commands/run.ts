// `ebpf run FILE.o [--section S] [--function F] [--platform P] (--packet HEX | --pcap FILE
// [--frames RANGE] | --ctx JSON) [--maps JSON] [--json] [--budget N] [--seed N]`: runs the program
// once per packet / frame / context, prints each run's return value and meaning and its printk
// lines, then a summary (runs per action) and the maps the runs changed.
import { oneFile, parseCommandLine } from '../args';
import { formatHex, HexError, isHexText, parseHex } from '../../core/hex/index';
import { linuxProfile, windowsProfile } from '../../core/platform/index';
import type { PlatformProfile } from '../../core/platform/types';
import type { Program } from '../../core/program/types';
import { CaptureError, LINKTYPE_ETHERNET, readCapture, selectFrames } from '../../core/vm/capture';
import type { CtxDescription } from '../../core/vm/context';
import { VmError } from '../../core/vm/errors';
import { diffMaps } from '../../core/vm/maps';
import { Vm, type RunInput, type RunResult } from '../../core/vm/vm';
import { CliError, type CliIo } from '../io';
import { loadFile, typeRules } from '../load';
import { runNativeJobs } from './runNative';

export const RUN_USAGE = `  run FILE.o [--section S] [--function F] (--packet HEX | --pcap FILE [--frames RANGE] | --ctx JSON)
             [--maps JSON] [--json] [--budget N] [--seed N] [--engine vm|native]
                                  run the program once per packet / frame / context: return value
                                  and its meaning, printk lines, a summary and the changed maps
                                  (HEX and JSON may also name a file); --engine native runs the
                                  program compiled from its generated C (see ebpf convert)`;

const OPTIONS = {
  section: { type: 'string' },
  function: { type: 'string' },
  platform: { type: 'string' },
  type: { type: 'string', multiple: true },
  packet: { type: 'string', multiple: true },
  pcap: { type: 'string' },
  frames: { type: 'string' },
  ctx: { type: 'string' },
  maps: { type: 'string' },
  json: { type: 'boolean' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  engine: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

interface Job {
  readonly label: string;
  readonly input: RunInput;
}

function textOrFile(io: CliIo, value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || /^[0-9a-fA-F\s]+$/.test(trimmed)) return trimmed;
  const text = io.readText(value);
  if (text === undefined) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    const inline = what === '--packet' ? 'hex bytes' : 'JSON';
    throw new CliError(`${what}: '${shown}' is neither ${inline} nor an existing file`);
  }
  return text;
}

/** bpf_get_prandom_u32's seed: a 32-bit unsigned integer, default 1. */
function seedOption(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n > 0xffffffff)
    throw new CliError(`--seed must be an integer from 0 to 4294967295, got '${value}'`, 'usage');
  return n;
}

function parseJson(io: CliIo, value: string, what: string): unknown {
  const trimmed = value.trim();
  // Inline JSON, else a file, else (null, 42, "x") inline JSON again, so the message names the real problem.
  const inline = trimmed.startsWith('{') || trimmed.startsWith('[') ? trimmed : undefined;
  const text = inline ?? io.readText(value) ?? trimmed;
  try {
    return JSON.parse(text);
  } catch (e) {
    if (inline === undefined && text === trimmed)
      throw new CliError(`${what}: '${trimmed.slice(0, 40)}' is neither JSON nor an existing file`);
    throw new CliError(`${what}: invalid JSON (${(e as Error).message})`);
  }
}

function platformFor(value: string | undefined): PlatformProfile | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'windows') return windowsProfile;
  if (value === 'linux') return linuxProfile;
  throw new CliError(`--platform: unknown platform '${value}' (expected auto, windows or linux)`, 'usage');
}

function choose(programs: readonly Program[], section: string | undefined, fn: string | undefined): number {
  const index = programs.findIndex(
    (p) => (section === undefined || p.section === section) && (fn === undefined || p.name === fn),
  );
  if (index < 0) {
    const list = programs.map((p) => `${p.section}/${p.name}`).join(', ') || 'none';
    throw new CliError(
      `no program matches${section ? ` section '${section}'` : ''}${fn ? ` function '${fn}'` : ''} (programs: ${list})`,
    );
  }
  return index;
}

function hex(b: Uint8Array | undefined): string {
  return b ? formatHex(b) : '';
}

function action(r: RunResult): string {
  if (r.error) return 'error';
  return r.returnName ?? `${r.returnValue}`;
}

export function runCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, 'run');
  const file = oneFile('run', positionals);
  const sources = [
    values.packet !== undefined,
    values.pcap !== undefined,
    values.ctx !== undefined && values.packet === undefined && values.pcap === undefined,
  ];
  if (!sources.some(Boolean))
    throw new CliError('run needs an input: --packet HEX, --pcap FILE or --ctx JSON', 'usage');
  if (values.packet !== undefined && values.pcap !== undefined)
    throw new CliError('give either --packet or --pcap, not both', 'usage');
  if (values.frames !== undefined && values.pcap === undefined) throw new CliError('--frames needs --pcap', 'usage');
  const budget = values.budget !== undefined ? Number(values.budget) : undefined;
  if (budget !== undefined && !(/^\d+$/.test(values.budget ?? '') && Number.isSafeInteger(budget) && budget > 0))
    throw new CliError(`--budget must be a positive integer, got '${values.budget}'`, 'usage');
  const seed = seedOption(values.seed);

  const obj = loadFile(io, file, platformFor(values.platform), typeRules(values.type));
  const index = choose(obj.programs, values.section, values.function);
  const program = obj.programs[index];

  const ctx = values.ctx !== undefined ? (parseJson(io, values.ctx, '--ctx') as CtxDescription) : undefined;
  if (ctx !== undefined && (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)))
    throw new CliError('--ctx must be a JSON object of field values');

  const jobs: Job[] = [];
  if (values.pcap !== undefined) {
    const bytes = io.readFile(values.pcap);
    try {
      const frames = readCapture(bytes, values.pcap);
      let selected: number[];
      try {
        selected = selectFrames(values.frames, frames.length);
      } catch (e) {
        if (e instanceof CaptureError) throw new CliError(`--frames: ${e.message}`, 'usage');
        throw e;
      }
      for (const n of selected) {
        const f = frames[n - 1];
        if (f.linkType !== LINKTYPE_ETHERNET)
          throw new CliError(
            `${values.pcap}: frame ${n} has link type ${f.linkType}; only Ethernet (1) frames can be run`,
          );
        jobs.push({ label: `frame ${n}`, input: { packet: f.data, ctx } });
      }
    } catch (e) {
      if (e instanceof CaptureError) throw new CliError(e.message);
      throw e;
    }
  } else if (values.packet !== undefined) {
    values.packet.forEach((p, i) => {
      const text = isHexText(p) ? p : textOrFile(io, p, '--packet');
      let bytes: Uint8Array;
      try {
        bytes = parseHex(text, { what: '--packet' });
      } catch (e) {
        throw new CliError(e instanceof HexError ? e.message : `--packet: ${(e as Error).message}`);
      }
      jobs.push({ label: values.packet!.length > 1 ? `packet ${i + 1}` : 'packet', input: { packet: bytes, ctx } });
    });
  } else {
    jobs.push({ label: 'ctx', input: { ctx } });
  }

  let vm: Vm;
  try {
    vm = new Vm(obj.programs, { budget, seed });
  } catch (e) {
    if (e instanceof Error) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  if (values.maps !== undefined) {
    const maps = parseJson(io, values.maps, '--maps');
    try {
      vm.loadMaps(maps);
    } catch (e) {
      if (e instanceof Error) throw new CliError(`--maps: ${e.message}`);
      throw e;
    }
  }
  const before = vm.saveMaps();
  const engine = values.engine ?? 'vm';
  if (engine !== 'vm' && engine !== 'native') throw new CliError(`unknown engine '${engine}' (expected vm or native)`);
  const results: { label: string; result: RunResult }[] =
    engine === 'native' ? runNativeJobs(file, obj.programs, index, jobs, vm) : [];
  for (const job of engine === 'native' ? [] : jobs) {
    try {
      results.push({ label: job.label, result: vm.run(job.input, index) });
    } catch (e) {
      if (e instanceof VmError) throw new CliError(`${job.label}: ${e.message}`);
      throw e;
    }
  }
  const after = vm.saveMaps();
  const changed = diffMaps(before, after);
  const summary: Record<string, number> = {};
  for (const { result } of results) summary[action(result)] = (summary[action(result)] ?? 0) + 1;
  const failed = results.some((r) => r.result.error);

  if (values.json) {
    const json = {
      program: {
        section: program.section,
        function: program.name,
        type: program.programType?.name ?? null,
        platform: obj.platform.id,
      },
      runs: results.map(({ label, result: r }) => ({
        input: label,
        returnValue:
          Number(r.returnValue) <= Number.MAX_SAFE_INTEGER ? Number(r.returnValue) : r.returnValue.toString(),
        action: r.returnName ?? null,
        instructions: r.instructions,
        printk: r.printk.map((p) => ({
          text: p.text ?? null,
          error: p.error,
          pc: p.pc,
          line: p.source ? `${p.source.file}:${p.source.line}` : null,
        })),
        packet: r.packet ? hex(r.packet) : undefined,
        error: r.error ? { message: r.error.message, pc: r.error.location?.pc } : undefined,
      })),
      summary,
      changedMaps: changed,
      maps: after,
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
    return failed ? 1 : 0;
  }

  const out: string[] = [];
  out.push(
    `${file}: ${program.section}/${program.name} (${program.programType?.name ?? 'unknown type'}, ${obj.platform.displayName})`,
  );
  if (values.platform === undefined || values.platform === 'auto')
    out.push(`  platform: ${obj.platformReason} (override with --platform)`);
  for (const { label, result: r } of results) {
    if (r.error) {
      out.push(`${label}: error: ${r.error.message} [${r.instructions} instructions]`);
    } else {
      const name = r.returnName ? `${r.returnName} (${r.returnValue})` : `${r.returnValue}`;
      out.push(`${label}: ${name} [${engine === 'native' ? 'native' : `${r.instructions} instructions`}]`);
    }
    for (const p of r.printk) {
      const where = p.source
        ? ` (${p.source.file.split(/[\\/]/).pop()}:${p.source.line})`
        : p.pc >= 0
          ? ` (pc ${p.pc})`
          : '';
      out.push(p.text !== undefined ? `  printk: ${p.text}${where}` : `  printk rejected: ${p.error}${where}`);
    }
    const input = jobs.find((j) => j.label === label)?.input.packet;
    if (r.packet && input && hex(r.packet) !== hex(input)) out.push(`  packet rewritten: ${hex(r.packet)}`);
  }
  out.push('');
  out.push(
    `summary: ${results.length} run${results.length === 1 ? '' : 's'}: ${Object.entries(summary)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (changed.length === 0) out.push('maps: unchanged');
  for (const c of changed) {
    out.push(`map ${c.name}:`);
    for (const l of c.lines) out.push(`  ${l}`);
  }
  io.stdout(out.join('\n') + '\n');
  return failed ? 1 : 0;
}
