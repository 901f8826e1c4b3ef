// What a command may touch: its output streams and the file system, so tests can run it in-process.
import fs from 'node:fs';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Uint8Array;
  readText(path: string): string | undefined;
  /** Open a file for reading in pieces (large captures); without it, readFile is used. */
  openFile?(path: string): { readonly size: number; read(into: Uint8Array, position: number): number };
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

/**
 * Write to a descriptor before returning. process.stdout.write queues when stdout is a pipe, so a
 * command printing a line per frame of a large capture would hold all of its output in memory.
 */
function writeAll(fd: number, text: string): void {
  let data = Buffer.from(text);
  while (data.length > 0) {
    try {
      const n = fs.writeSync(fd, data);
      data = data.subarray(n);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The reader went away (`ebpf run ... | head`): stop quietly, as other tools do.
      if (code === 'EPIPE') process.exit(0);
      // A non-blocking pipe that is full: wait a moment for the reader.
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

export const processIo: CliIo = {
  stdout: (text) => writeAll(1, text),
  stderr: (text) => process.stderr.write(text),
  readFile: readRegularFile,
  /** Undefined when there is no such file; throws CliError for devices, folders and huge files. */
  readText(path) {
    if (!fs.existsSync(path)) return undefined;
    return readRegularFile(path).toString('utf8');
  },
  /** Streamed, so no size cap; but only a regular file has an end (not /dev/zero or a FIFO). */
  openFile(path) {
    let fd: number;
    let stat: fs.Stats;
    try {
      fd = fs.openSync(path, 'r');
      stat = fs.fstatSync(fd);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
    }
    if (!stat.isFile()) {
      fs.closeSync(fd);
      throw new CliError(
        `${path}: not a regular file (${stat.isDirectory() ? 'a folder' : 'a device, FIFO or socket'})`,
      );
    }
    const size = stat.size;
    // The descriptor stays open until the process exits: a command opens a handful of files.
    return { size, read: (into, position) => fs.readSync(fd, into, 0, into.length, position) };
  },
};
