// Programs from objects: the loader, the Program contract and its construction from instructions.
export { loadObject, MAX_LINKED_INSTRUCTIONS } from './loader';
export type { GlobalVariable, LoadedObject, LoadOptions, SectionSummary } from './loader';
export { LoadError } from './errors';
export type { PlatformOption } from './platformChoice';
export { createProgram, programFromInstructions } from './fromInstructions';
export type { ProgramParts } from './fromInstructions';
export type * from './types';
