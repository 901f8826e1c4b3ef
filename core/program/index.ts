// Programs from objects: the loader, the Program contract and its construction from instructions.
export { loadObject, MAX_LINKED_INSTRUCTIONS } from './loader';
export type { FailedProgram, GlobalVariable, LoadedObject, LoadOptions, SectionSummary } from './loader';
export {
  describeTypeSource,
  findProgramType,
  parseProgramTypeRule,
  programTypeNames,
  WAYS_TO_SET_TYPE,
} from './programTypes';
export type { ProgramTypeRule, ProgramTypeSource } from './programTypes';
export { LoadError } from './errors';
export type { PlatformOption } from './platformChoice';
export { createProgram, programFromInstructions } from './fromInstructions';
export type { ProgramParts } from './fromInstructions';
export type * from './types';
