export { parseDwarf } from './dwarf';
export type {
  DwarfInfo,
  DwarfScope,
  DwarfFrame,
  DwarfVariable,
  VariableAt,
  VariableLocation,
  SourcePoint,
} from './dwarf';
export type { Address } from './die';
export type { AddressRange } from './lists';
export { DwarfError } from './errors';
export { evaluateLocation, formatExpression, decodeExpression, DW_OP } from './expr';
export type { BaseType, Op, Piece, PieceLocation, MachineState } from './expr';
export { typeName, sizeOfType, resolveType, VOID } from './types';
export type { DwarfType, DwarfMember } from './types';
export { variableInRegister, accessExpression, accessVariable, stackExpression, globalExpression } from './names';
export { llvmFrameSize } from './frame';
export { readLineTables } from './line';
export type { LineRow, LineTable } from './line';
