/** Malformed DWARF: the message names the section and what could not be read. */
export class DwarfError extends Error {
  override readonly name = 'DwarfError';
}
