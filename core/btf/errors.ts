/** A malformed or truncated .BTF / .BTF.ext section. The message names the record that is wrong. */
export class BtfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BtfError';
  }
}
