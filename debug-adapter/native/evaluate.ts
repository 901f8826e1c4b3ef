// The Debug Console, watches and hovers of a native session in the program's C (`ip->daddr`,
// `svc`, `ntohs(tcp->dest)`): the interpreter's expression language (debug-adapter/expression.ts)
// over a stopped native frame's CFrameReader, shown as the interpreter session shows results.
// A prefix keeps lldb reachable over the generated C: `lldb r1 + 1` is an lldb expression and a
// backtick line (`` `bt ``) an lldb command, both passed to lldb-dap as they are.

import type { ContextField } from '../../core/platform/types';
import type { Program } from '../../core/program/types';
import { cLeafName, valueNode, type CNode } from '../cvalue';
import { evaluateExpression, ExpressionError, type ExpressionEnv } from '../expression';
import { cVariableOf, type CFrameReader } from '../locals';
import { scalarText } from '../values';
import type { NativeRegions } from './registers';

/** Where an expression typed in a native session goes. */
export type NativeEvaluation =
  | { readonly kind: 'c'; readonly expression: string }
  | { readonly kind: 'lldb'; readonly expression: string; readonly context: 'watch' | 'repl' };

const LLDB_PREFIX = /^lldb\s+/;

/** `lldb EXPR` → an lldb expression over the generated C; `` `cmd `` → an lldb command; else C. */
export function routeExpression(expression: string): NativeEvaluation {
  const text = expression.trimStart();
  if (text.startsWith('`')) return { kind: 'lldb', expression: text, context: 'repl' };
  if (LLDB_PREFIX.test(text)) return { kind: 'lldb', expression: text.replace(LLDB_PREFIX, ''), context: 'watch' };
  return { kind: 'c', expression };
}

/** The interpreter's expression environment over a native frame (registers, memory, DWARF). */
export function nativeExpressionEnv(reader: CFrameReader, regions: NativeRegions): ExpressionEnv {
  const program = reader.program;
  const hasDwarf = program.debugFramesAt(reader.pc).length > 0;
  return {
    register: (n) => {
      const v = reader.register(n);
      if (v === undefined) throw new ExpressionError(`r${n} is not used by this function`);
      return v;
    },
    pc: reader.pc,
    readMemory: reader.read,
    namedValue: (name) => contextValue(name, program, regions, reader),
    // Map lookups need the runtime's hash layout: refused with a reason instead of a wrong "unknown name".
    mapKeySize: (name) => program.maps.find((m) => m.name === name)?.keySize,
    mapLookup: (name) => {
      throw new ExpressionError(
        `map lookups (${name}[...]) are not evaluated in a native session; the Maps scope lists the entries`,
      );
    },
    ...(hasDwarf
      ? {
          cVariable: (name: string) => cVariableOf(reader, 0, name),
          cType: (name: string, tag?: 'struct' | 'union' | 'enum') => program.dwarf?.typeByName(name, tag),
        }
      : {}),
  };
}

/** `ctx` and `ctx.<field>` as the interpreter's Context scope reads them. */
function contextValue(
  name: string,
  program: Program,
  regions: NativeRegions,
  reader: CFrameReader,
): bigint | undefined {
  const ctx = regions.ctx;
  if (!ctx) return undefined;
  if (name === 'ctx') return ctx.start;
  const m = /^ctx\.(\w+)$/.exec(name);
  const f: ContextField | undefined = m ? program.programType?.context.fields.find((x) => x.name === m[1]) : undefined;
  if (!f) return undefined;
  if (f.kind === 'packet_start') return regions.packet?.data ?? 0n;
  if (f.kind === 'packet_end') return regions.packet?.dataEnd ?? 0n;
  if (f.kind === 'packet_meta' || f.size > 8) return undefined;
  const bytes = reader.read(ctx.start + BigInt(f.offset), f.size);
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

/** What the evaluate response shows: the interpreter session's forms (typed C values expandable). */
export interface NativeResult {
  readonly result: string;
  readonly type?: string;
  readonly children?: () => CNode[];
}

/**
 * Evaluates C text in a native frame. Synchronous over the reader (run it inside the stop's
 * memory cache `resolve`); throws ExpressionError with what was not understood.
 */
export function evaluateNative(expression: string, reader: CFrameReader, regions: NativeRegions): NativeResult {
  const value = evaluateExpression(expression, nativeExpressionEnv(reader, regions));
  if (value.c) {
    const node = valueNode(value.c, cLeafName(expression), expression, {
      read: reader.read,
      describePointer: (v) => reader.describePointer(v),
    });
    return { result: node.value, type: node.type, ...(node.children && { children: node.children }) };
  }
  const pointer = reader.describePointer(value.value);
  return {
    result:
      pointer !== undefined
        ? `${pointer} (0x${BigInt.asUintN(64, value.value).toString(16)})`
        : scalarText(value.value),
  };
}
