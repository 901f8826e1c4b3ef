// From native addresses back to the eBPF program: the image's debug information (through the
// symbolizer, injected so this module stays pure) names the C function and the original C line
// (the generator's `#line` directives put the eBPF C lines into the image); the generated output
// says which program and eBPF function that C function is and which instructions implement the line.

import { disassembleInstruction } from '../../isa/disassemble';
import type { Program } from '../../program/types';
import type { NativeOutput } from '../types';
import { generatedFunctions, pcsAtLine, type GeneratedFunction } from './generated';
import { moduleNameOf, type AddressFrame, type AddressQuery, type FrameFormat } from './query';
import type { SymbolizedFrame, SymbolizerAnswer, SymbolizerInput } from './symbolizer';

export interface ResolvedInstruction {
  readonly pc: number;
  readonly text: string;
}

export type ResolutionStatus =
  /** Placed in a generated program function: program, C line and instructions known. */
  | 'resolved'
  /** Placed in the image, but outside the generated program functions (the runtime, a helper, main). */
  | 'not-ebpf'
  /** Placed at a C line, but no eBPF object was given to name the program and instructions. */
  | 'no-object'
  /** A frame of another module (the kernel, libc, another driver). */
  | 'other-module'
  | 'unresolved';

export interface NativeLocation {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface AddressResolution {
  /** The argument or stack line. */
  readonly input: string;
  readonly format: FrameFormat;
  readonly frame?: number;
  readonly status: ResolutionStatus;
  /** A sentence for the statuses other than 'resolved'. */
  readonly message?: string;
  /** 'image': the image's debug information; 'trace': the file:line the debugger printed. */
  readonly via?: 'image' | 'trace';
  /** The address as the image numbers it (hex), when the symbolizer placed one. */
  readonly address?: string;
  /** Innermost first: the native function(s) at the address (several when code was inlined). */
  readonly native: readonly NativeLocation[];
  readonly program?: {
    readonly name: string;
    readonly section: string;
    /** The eBPF function (entry or bpf-to-bpf callee). */
    readonly function: string;
    /** Its C function in the image. */
    readonly cFunction: string;
  };
  /** The original C location. */
  readonly source?: { readonly file: string; readonly line: number; readonly column: number };
  /** The eBPF instructions implementing that C line in that function (the native code may mix them). */
  readonly instructions: readonly ResolvedInstruction[];
}

export interface ResolveInput {
  readonly frames: readonly AddressFrame[];
  /** The image's module name (file name without extension), to tell its frames from others'. */
  readonly imageModule: string;
  /** The eBPF object's programs and the C generated from them, when known. */
  readonly generated?: { readonly programs: readonly Program[]; readonly output: NativeOutput };
  /** The symbolizer over the image: one answer per input, in order. */
  readonly symbolize: (inputs: readonly SymbolizerInput[]) => readonly SymbolizerAnswer[];
}

function toSymbolizer(q: AddressQuery): SymbolizerInput | undefined {
  switch (q.kind) {
    case 'address':
      return { kind: 'address', address: q.address, relative: false };
    case 'offset':
      return { kind: 'address', address: q.offset, relative: true };
    case 'symbol':
      return { kind: 'symbol', symbol: q.symbol, offset: q.offset };
    case 'located':
      return undefined;
  }
}

function isOtherModule(frame: AddressFrame, imageModule: string): boolean {
  if (frame.module === undefined) return false;
  return moduleNameOf(frame.module).toLowerCase() !== imageModule.toLowerCase();
}

function instructionText(program: Program, pc: number): string {
  const insn = program.instructions.find((i) => i.pc === pc);
  return insn ? disassembleInstruction(insn) : '<no instruction>';
}

function place(
  base: Omit<AddressResolution, 'status' | 'native' | 'instructions'>,
  native: readonly SymbolizedFrame[],
  functions: readonly GeneratedFunction[] | undefined,
): AddressResolution {
  const locations = native.map((f) => ({ function: f.function, file: f.file, line: f.line, column: f.column }));
  const innermost = locations[0];
  if (!functions) {
    return {
      ...base,
      status: 'no-object',
      native: locations,
      instructions: [],
      ...(innermost && innermost.line > 0
        ? { source: { file: innermost.file, line: innermost.line, column: innermost.column } }
        : {}),
      message: 'give the eBPF object (.o) to name the program and its instructions',
    };
  }
  // The innermost frame that is a generated function: runtime code inlined into a program
  // function is reported at the program line that used it.
  for (const loc of locations) {
    const fn = functions.find((f) => f.cName === loc.function);
    if (!fn) continue;
    const pcs = loc.line > 0 ? pcsAtLine(fn, loc.file, loc.line) : [];
    return {
      ...base,
      status: 'resolved',
      native: locations,
      program: { name: fn.program.name, section: fn.program.section, function: fn.ebpfFunction, cFunction: fn.cName },
      ...(loc.line > 0 ? { source: { file: loc.file, line: loc.line, column: loc.column } } : {}),
      instructions: pcs.map((pc) => ({ pc, text: instructionText(fn.program, pc) })),
      ...(pcs.length === 0
        ? {
            message:
              loc.line > 0
                ? `no instruction of ${fn.ebpfFunction} carries ${loc.file}:${loc.line} (was the image built from another version of the object?)`
                : 'the image has no line information at this address',
          }
        : {}),
    };
  }
  const where = innermost
    ? `${innermost.function}${innermost.line > 0 ? ` (${innermost.file}:${innermost.line})` : ''}`
    : '?';
  return {
    ...base,
    status: 'not-ebpf',
    native: locations,
    instructions: [],
    message: `in ${where}, which is not a generated eBPF program function`,
  };
}

function hexOf(n: bigint): string {
  return `0x${n.toString(16)}`;
}

/** Resolves every frame; the symbolizer runs once for all of them. Never throws for bad frames. */
export function resolveAddresses(input: ResolveInput): AddressResolution[] {
  const functions = input.generated ? generatedFunctions(input.generated.output, input.generated.programs) : undefined;
  const batch: SymbolizerInput[] = [];
  // Queries after a located one are never needed: a located query always answers.
  const slots = input.frames.map((frame) => {
    if (isOtherModule(frame, input.imageModule)) return [];
    const located = frame.queries.findIndex((q) => q.kind === 'located');
    const asked = located < 0 ? frame.queries : frame.queries.slice(0, located);
    return asked.map((q) => {
      const s = toSymbolizer(q);
      if (!s) return -1;
      batch.push(s);
      return batch.length - 1;
    });
  });
  const answers = batch.length > 0 ? input.symbolize(batch) : [];

  return input.frames.map((frame, i): AddressResolution => {
    const base = {
      input: frame.text,
      format: frame.format,
      ...(frame.frame !== undefined ? { frame: frame.frame } : {}),
    };
    if (isOtherModule(frame, input.imageModule))
      return {
        ...base,
        status: 'other-module',
        native: [],
        instructions: [],
        message: `a frame of ${frame.module ?? 'another module'}, not of ${input.imageModule}`,
      };
    const problems: string[] = frame.problem ? [frame.problem] : [];
    const frameSlots = slots[i] ?? [];
    for (const [k, q] of frame.queries.entries()) {
      if (q.kind === 'located') {
        const native = [{ function: q.function, file: q.file, line: q.line, column: 0 }];
        return place({ ...base, via: 'trace' }, native, functions);
      }
      const answer = answers[frameSlots[k] ?? -1];
      if (!answer) continue;
      if (!answer.ok) {
        problems.push(answer.message);
        continue;
      }
      const useful = answer.frames.filter((f) => f.function !== '' && f.function !== '??');
      if (useful.length === 0) {
        problems.push(
          q.kind === 'symbol'
            ? `the image has no symbol ${q.symbol}`
            : `no function of the image contains ${q.kind === 'offset' ? `offset ${hexOf(q.offset)}` : hexOf(q.address)}`,
        );
        continue;
      }
      const address = answer.address !== undefined ? { address: hexOf(answer.address) } : {};
      return place({ ...base, via: 'image', ...address }, useful, functions);
    }
    return {
      ...base,
      status: 'unresolved',
      native: [],
      instructions: [],
      message: problems.length > 0 ? problems.join('; ') : 'nothing in this frame to resolve',
    };
  });
}
