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

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
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
