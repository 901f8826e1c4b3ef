// Command-line parsing shared by every subcommand: node's parseArgs with our error style.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parse; a bad flag becomes a one-line CliError (exit 2) instead of a stack trace. */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]);
  }
}

/** The single object-file positional every file command takes. */
export function oneFile(command: string, positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new CliError(`${command} takes exactly one object file (see ebpf --help)`);
  return positionals[0];
}
