// Which programs `--section S` / `--function F` pick, for every command. S is a section name or
// the `SECTION/FUNCTION` label the commands print (`tc/cil_from_container`), so a name copied from
// any listing selects the program it names.

import { CliError } from './io';

export interface ProgramName {
  readonly section: string;
  readonly name: string;
}

export interface Selection {
  readonly section?: string | undefined;
  readonly function?: string | undefined;
}

/** The label every command prints for a program. */
export const programLabel = (p: ProgramName): string => `${p.section}/${p.name}`;

export function isSelected(p: ProgramName, s: Selection): boolean {
  const section = s.section === undefined || p.section === s.section || programLabel(p) === s.section;
  return section && (s.function === undefined || p.name === s.function);
}

/** The error when nothing matches, listing what the object has. */
export function noProgramMatches(file: string | undefined, s: Selection, programs: readonly ProgramName[]): CliError {
  const what = [s.section && `section '${s.section}'`, s.function && `function '${s.function}'`]
    .filter(Boolean)
    .join(' and ');
  const available = programs.map(programLabel).join(', ') || 'none';
  return new CliError(
    `${file ? `${file}: ` : ''}no program matches ${what || 'the selection'} (programs: ${available})`,
  );
}
