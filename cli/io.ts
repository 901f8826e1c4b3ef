// What a command may touch: its output streams and the file system, so tests can run it in-process.
import fs from 'node:fs';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Uint8Array;
  readText(path: string): string | undefined;
}

/**
 * What kind of failure: `usage` (the command line is wrong), `input` (a file or value it names is
 * unreadable or invalid), `internal` (a bug). Scripts read it from `{"error": {"code", ...}}`.
 */
export type CliErrorCode = 'usage' | 'input' | 'internal';

/** A user-facing failure: printed as one line on stderr (or a JSON error on stdout), exit code 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: CliErrorCode = 'input',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Objects, captures, packets and map files larger than this are refused (a device or a mistake). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * Read a regular file of at most MAX_INPUT_BYTES. /dev/zero, a FIFO or a folder would otherwise
 * be read until memory runs out (or block), so they are refused with a message saying so.
 */
function readRegularFile(path: string): Buffer {
  let size: number;
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile())
      throw new CliError(
        `${path}: not a regular file (${stat.isDirectory() ? 'a folder' : 'a device, FIFO or socket'})`,
      );
    size = stat.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
  }
  if (size > MAX_INPUT_BYTES)
    throw new CliError(`${path}: ${size} bytes is more than the ${MAX_INPUT_BYTES / 1024 / 1024} MiB input limit`);
  try {
    return fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
  }
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: readRegularFile,
  /** Undefined when there is no such file; throws CliError for devices, folders and huge files. */
  readText(path) {
    if (!fs.existsSync(path)) return undefined;
    return readRegularFile(path).toString('utf8');
  },
};
