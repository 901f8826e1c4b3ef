/** A malformed, truncated or unsupported ELF file. The message names the part that is wrong. */
export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElfError';
  }
}
