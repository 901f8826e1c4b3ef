// Turns a launch configuration into what a debug session runs: the loaded object (compiling a .c
// file with clang first), the chosen program, one input per run (a packet, each pcap frame, or a
// context), the initial maps, and the verifier's verdict. Every problem becomes a LaunchError
// whose message names the attribute or file at fault.

import { HexError, isHexText, parseHex } from '../core/hex/index';
import fs from 'node:fs';
import path from 'node:path';
import { detectPlatform, linuxProfile, windowsProfile, type PlatformProfile } from '../core/platform/index';
import { loadObject, type LoadedObject } from '../core/program/loader';
import { describeTypeSource, parseProgramTypeRule } from '../core/program/programTypes';
import type { Program } from '../core/program/types';
import { describeRefused } from '../core/toolchain/flagPolicy';
import { compileBuffer } from '../core/toolchain/compile';
import type { ClangDiagnostic } from '../core/toolchain/types';
import { CaptureError, LINKTYPE_ETHERNET, readCapture, selectFrames } from '../core/vm/capture';
import type { CtxDescription } from '../core/vm/context';
import type { RunInput } from '../core/vm/vm';
import type { VerificationResult } from '../core/verifier/types';
import { LaunchError, type LaunchConfig } from './config';

export interface RunSpec {
  /** "packet", "frame 3", "ctx". */
  readonly label: string;
  readonly input: RunInput;
}

export interface PreparedLaunch {
  readonly object: LoadedObject;
  readonly program: Program;
  /** Index of `program` in object.programs (what Vm.start takes). */
  readonly programIndex: number;
  readonly runs: readonly RunSpec[];
  /** Initial map contents as Vm.loadMaps takes them. */
  readonly maps: unknown;
  /** The .c file when known (given, or found beside the .o). */
  readonly sourceFile: string | undefined;
  /** Lines for the debug console: what was compiled, which platform and why. */
  readonly notes: readonly string[];
  readonly verification: VerificationResult | undefined;
}

export type Verifier = (program: Program, options?: { readonly privileged: boolean }) => VerificationResult;

export interface PrepareOptions {
  /** Folder holding bpf_helpers.h & co. for eBPF for Windows programs (the extension's include/). */
  readonly windowsIncludeDir?: string;
  /** The verifier, when available; undefined skips verification. */
  readonly verify?: Verifier;
}

function resolvePath(base: string, p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(base, p);
}

/** Inputs larger than this are refused: a device such as /dev/zero would be read until memory runs out. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

function readFileOrThrow(file: string, what: string): Uint8Array {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new LaunchError(`${what} '${file}' is a folder, not a file`);
    if (!st.isFile()) throw new LaunchError(`${what} '${file}' is not a regular file (a device, FIFO or socket)`);
    if (st.size > MAX_INPUT_BYTES)
      throw new LaunchError(`${what} '${file}' has ${st.size} bytes, more than the 256 MiB input limit`);
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof LaunchError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new LaunchError(
      code === 'ENOENT'
        ? `${what} '${file}' does not exist`
        : `${what} '${file}' cannot be read (${(e as Error).message})`,
    );
  }
}

/** Hex bytes as people paste them (core/hex's rules); a mistake becomes a LaunchError naming `what`. */
export function parseHexPacket(text: string, what: string): Uint8Array {
  try {
    return parseHex(text, { what });
  } catch (e) {
    if (e instanceof HexError) throw new LaunchError(e.message);
    throw e;
  }
}

function looksLikeInlineHex(value: string): boolean {
  return isHexText(value);
}

function packetFrom(config: LaunchConfig, base: string): Uint8Array {
  const value = config.packet as string;
  if (looksLikeInlineHex(value)) return parseHexPacket(value, `launch attribute 'packet'`);
  const file = resolvePath(base, value);
  if (!fs.existsSync(file)) {
    // Not a file either: say what is wrong with it as hex, which is what most people meant.
    parseHexPacket(value, `launch attribute 'packet'`);
  }
  const bytes = readFileOrThrow(file, `packet file`);
  if (
    bytes.length >= 4 &&
    [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(
      new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true),
    )
  ) {
    throw new LaunchError(`packet file '${file}' is a capture: use "pcap": "${value}" instead of "packet"`);
  }
  return parseHexPacket(new TextDecoder().decode(bytes), `packet file '${file}'`);
}

function runsFrom(config: LaunchConfig, base: string, program: Program): RunSpec[] {
  const ctx = config.ctx as CtxDescription | undefined;
  if (config.pcap !== undefined) {
    const file = resolvePath(base, config.pcap);
    const bytes = readFileOrThrow(file, `pcap file`);
    try {
      const frames = readCapture(bytes, file);
      if (frames.length === 0) throw new LaunchError(`pcap file '${file}' holds no frames`);
      return selectFrames(config.frames, frames.length).map((n) => {
        const f = frames[n - 1];
        if (!f) throw new LaunchError(`pcap file '${file}' has no frame ${n} (${frames.length} frames)`);
        if (f.linkType !== LINKTYPE_ETHERNET)
          throw new LaunchError(`${file}: frame ${n} has link type ${f.linkType}; only Ethernet (1) frames can be run`);
        return { label: `frame ${n}`, input: { packet: f.data, ...(ctx && { ctx }) } };
      });
    } catch (e) {
      if (e instanceof CaptureError) throw new LaunchError(e.message);
      throw e;
    }
  }
  if (config.packet !== undefined)
    return [{ label: 'packet', input: { packet: packetFrom(config, base), ...(ctx && { ctx }) } }];
  if (ctx !== undefined) return [{ label: 'ctx', input: { ctx } }];
  const type = program.programType;
  if (type && (type.hasPacket || type.context.fields.some((f) => f.kind === 'packet_start'))) {
    throw new LaunchError(
      `program '${program.name}' (${type.name}) takes a packet: add "packet": "<hex bytes>" or "pcap": "<file>" to the launch configuration`,
    );
  }
  // Context-only program types run with an all-zero context when none is given.
  return [{ label: 'ctx', input: { ctx: {} } }];
}

function mapsFrom(config: LaunchConfig, base: string): unknown {
  if (config.maps === undefined) return undefined;
  if (typeof config.maps !== 'string') return config.maps;
  const file = resolvePath(base, config.maps);
  const text = new TextDecoder().decode(readFileOrThrow(file, `maps file`));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LaunchError(`maps file '${file}' is not valid JSON (${(e as Error).message})`);
  }
}

function profileFor(choice: LaunchConfig['platform'], sourceText: string | undefined): PlatformProfile | 'auto' {
  if (choice === 'windows') return windowsProfile;
  if (choice === 'linux') return linuxProfile;
  return sourceText !== undefined ? detectPlatform({ sectionNames: [], sourceText }).platform : 'auto';
}

function clangErrorText(diags: readonly ClangDiagnostic[], stderr: string): string {
  const errors = diags.filter((d) => d.severity === 'error' || d.severity === 'fatal');
  if (errors.length === 0) return stderr.trim().split('\n').slice(0, 10).join('\n');
  return errors
    .slice(0, 10)
    .map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`)
    .join('\n');
}

async function compile(
  config: LaunchConfig,
  file: string,
  options: PrepareOptions,
  notes: string[],
): Promise<{ object: Uint8Array; sourceText: string; platform: PlatformProfile }> {
  const sourceText = new TextDecoder().decode(readFileOrThrow(file, `program`));
  const chosen = profileFor(config.platform, sourceText);
  const platform = chosen === 'auto' ? windowsProfile : chosen;
  const outcome = await compileBuffer({
    source: sourceText,
    filePath: file,
    platform: platform.id === 'linux' ? 'linux' : 'windows',
    ...(config.clangPath !== undefined && { clangPath: config.clangPath }),
    ...(options.windowsIncludeDir !== undefined && { extensionIncludeDir: options.windowsIncludeDir }),
    includePaths: config.includePaths ?? [],
    extraArgs: config.clangArgs ?? [],
    extraArgsOrigin: 'launch.json "clangArgs"',
    includePathsOrigin: 'launch.json "includePaths"',
  });
  switch (outcome.kind) {
    case 'clang-not-found':
      throw new LaunchError(
        `cannot compile ${path.basename(file)}: ${outcome.message} ${outcome.installAdvice} (or launch a compiled .o instead)`,
      );
    case 'cancelled':
      throw new LaunchError(`compiling ${path.basename(file)} was cancelled`);
    case 'failed':
      throw new LaunchError(
        `clang could not compile ${path.basename(file)}:\n${[...outcome.refusedFlags.map(describeRefused), clangErrorText(outcome.diagnostics, outcome.stderr)].join('\n')}`,
      );
    case 'compiled':
      notes.push(...outcome.refusedFlags.map(describeRefused));
      notes.push(
        `compiled ${path.basename(file)} for ${platform.displayName} with ${outcome.clangPath} (${outcome.clangSource}) in ${outcome.milliseconds} ms`,
      );
      if (outcome.headers) notes.push(`eBPF for Windows headers: ${outcome.headers.source}`);
      for (const w of outcome.diagnostics.filter((d) => d.severity === 'warning').slice(0, 5))
        notes.push(`clang warning: ${path.basename(w.file)}:${w.line}: ${w.message}`);
      return { object: outcome.object, sourceText, platform };
  }
}

/** Pick the program the configuration names; with none named, the only one (or a list to choose from). */
export function chooseProgram(
  programs: readonly Program[],
  section: string | undefined,
  fn: string | undefined,
  file: string,
): number {
  const describe = (p: Program): string => `section "${p.section}" function "${p.name}"`;
  if (programs.length === 0) throw new LaunchError(`${file} holds no eBPF program (no SEC("...") function)`);
  const matching = programs
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => (section === undefined || p.section === section) && (fn === undefined || p.name === fn));
  const [only] = matching;
  if (only && matching.length === 1) return only.i;
  const choices = programs.map(describe).join('; ');
  if (matching.length === 0) {
    const wanted = [section !== undefined ? `section "${section}"` : '', fn !== undefined ? `function "${fn}"` : '']
      .filter(Boolean)
      .join(' and ');
    throw new LaunchError(`${file} has no program with ${wanted}. Its programs: ${choices}`);
  }
  throw new LaunchError(
    `${file} holds ${matching.length} programs; add "section" (and "function" if needed) to the launch configuration. Choices: ${matching.map(({ p }) => describe(p)).join('; ')}`,
  );
}

export async function prepareLaunch(config: LaunchConfig, options: PrepareOptions = {}): Promise<PreparedLaunch> {
  const base = config.cwd ?? process.cwd();
  const file = resolvePath(base, config.program);
  const inputBase = config.cwd ?? path.dirname(file);
  const notes: string[] = [];
  let objectBytes: Uint8Array;
  let sourceText: string | undefined;
  let sourceFile: string | undefined;
  let platform: PlatformProfile | 'auto';
  if (/\.(c|h)$/i.test(file)) {
    const compiled = await compile(config, file, options, notes);
    objectBytes = compiled.object;
    sourceText = compiled.sourceText;
    sourceFile = file;
    platform = compiled.platform;
  } else {
    objectBytes = readFileOrThrow(file, `program`);
    const beside = file.replace(/\.o$/i, '.c');
    if (beside !== file && fs.existsSync(beside)) {
      sourceFile = beside;
      sourceText = fs.readFileSync(beside, 'utf8');
    }
    // Detection by the loader looks at the object's sections and the source's #includes.
    platform = config.platform === 'windows' ? windowsProfile : config.platform === 'linux' ? linuxProfile : 'auto';
  }
  if (
    objectBytes.length >= 4 &&
    !(objectBytes[0] === 0x7f && objectBytes[1] === 0x45 && objectBytes[2] === 0x4c && objectBytes[3] === 0x46)
  ) {
    throw new LaunchError(
      `program '${file}' is neither a C file (.c) nor an ELF object: it does not start with the ELF magic`,
    );
  }
  let object: LoadedObject;
  try {
    const programTypes =
      config.programType !== undefined ? [parseProgramTypeRule(config.programType, 'launch.json programType')] : [];
    object = loadObject(objectBytes, {
      platform,
      ...(sourceText !== undefined && { sourceText }),
      fileName: path.basename(file),
      programTypes,
    });
  } catch (e) {
    throw new LaunchError((e as Error).message);
  }
  notes.push(`platform: ${object.platform.displayName}${platform === 'auto' ? ` (${object.platformReason})` : ''}`);
  for (const w of object.warnings.slice(0, 5)) notes.push(`loader: ${w}`);
  const programIndex = chooseProgram(object.programs, config.section, config.function, path.basename(file));
  const program = object.programs[programIndex];
  if (!program) throw new LaunchError(`${file}: no program at index ${programIndex}`);
  notes.push(
    `program type: ${describeTypeSource(program.section, program.programType, program.programTypeSource, object.platform)}`,
  );
  if (program.lineTable.length === 0)
    notes.push(
      `${program.name} has no line info (compile with -g to debug on C lines); use the disassembly view to step`,
    );
  const runs = runsFrom(config, inputBase, program);
  const maps = mapsFrom(config, inputBase);
  let verification: VerificationResult | undefined;
  if (options.verify && !config.noVerify) {
    try {
      verification = options.verify(program, { privileged: config.unprivileged !== true });
    } catch (e) {
      notes.push(`the verifier could not analyse ${program.name}: ${(e as Error).message}`);
    }
  }
  return { object, program, programIndex, runs, maps, sourceFile, notes, verification };
}
