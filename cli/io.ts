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

/** A user-facing failure: printed as one line on stderr, exit code 2. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
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
  readFile(path) {
    try {
      return fs.readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
    }
  },
  readText(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  openFile(path) {
    let fd: number;
    let size: number;
    try {
      fd = fs.openSync(path, 'r');
      size = fs.fstatSync(fd).size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
    }
    // The descriptor stays open until the process exits: a command opens a handful of files.
    return { size, read: (into, position) => fs.readSync(fd, into, 0, into.length, position) };
  },
};
