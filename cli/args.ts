// Command-line parsing shared by every subcommand: node's parseArgs with our error style.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict parse; a bad flag becomes a one-line CliError (exit 2) naming the option and the command's
 * help, instead of a stack trace.
 */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O, command = '') {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs names the option first ("Unknown option '--x'. To specify a positional ..."); keep that.
    const first = ((e as Error).message.split('\n')[0] ?? '').replace(/\. To specify a positional argument.*$/, '');
    throw new CliError(`${first} (see ebpf ${command ? `${command} ` : ''}--help)`, 'usage');
  }
}

/** The single object-file positional every file command takes. */
export function oneFile(command: string, positionals: readonly string[]): string {
  const file = positionals[0];
  if (positionals.length !== 1 || file === undefined)
    throw new CliError(
      `${command} takes exactly one object file, got ${positionals.length === 0 ? 'none' : positionals.map((p) => `'${p}'`).join(', ')} (see ebpf ${command} --help)`,
      'usage',
    );
  return file;
}
