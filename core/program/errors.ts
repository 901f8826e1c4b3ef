/**
 * The object cannot be loaded. One clear message naming the file part that is wrong; the
 * underlying ElfError / BtfError / DecodeError, if any, is the `cause`.
 */
export class LoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoadError';
  }
}
