// core/native: verified programs → C in bpf2c's shape, plus its source map. Pure (no I/O).
export { generateC, NativeError, tablePrefix, nativeMapName, BPF2C_VERSION } from './generate';
export type { ConvertSelection } from './generate';
export { convertObject } from './convert';
export type { ConvertResult } from './convert';
export { nativeSourceMap, generatedLinesFor, sourceFor } from './sourceMap';
export { knownWindowsTypes } from './guids';
export type * from './types';
