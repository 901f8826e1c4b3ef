// The verifier policy of each platform (see VerifierPolicy in types.ts): the Linux kernel for a
// loader whose privilege is a verification option, and PREVAIL as eBPF for Windows configures it.

import type { VerifierPolicy } from './types';

export const linuxVerifierPolicy: VerifierPolicy = {
  privilegedLoaderRelaxations: true,
  legacyPacketLoads: true,
  pointerComparisonRules: false,
  exactContextFields: true,
  mapAccessFlagsEnforced: true,
  kernelPointerArithmetic: true,
  returnRange: 'error',
  anythingArgumentIsNumber: false,
  printkArgumentsOptional: true,
  numericMapKeysAndValues: false,
  nullInnerMapArgument: 'error',
  redirectMapTypesChecked: true,
  uninitialisedHelperMemory: 'privilege',
  signedPacketBounds: false,
  nullInnerMapStaysMap: false,
  mapProgramTypeCompatibility: true,
  constStringArguments: true,
  callbacksVerifiedInContext: true,
  partialPointerFillRefused: true,
};

export const windowsVerifierPolicy: VerifierPolicy = {
  privilegedLoaderRelaxations: false,
  legacyPacketLoads: false,
  pointerComparisonRules: true,
  exactContextFields: false,
  mapAccessFlagsEnforced: false,
  kernelPointerArithmetic: false,
  returnRange: 'warning',
  anythingArgumentIsNumber: true,
  printkArgumentsOptional: false,
  numericMapKeysAndValues: true,
  nullInnerMapArgument: 'warning',
  redirectMapTypesChecked: false,
  uninitialisedHelperMemory: 'map-keys-and-values',
  signedPacketBounds: true,
  nullInnerMapStaysMap: true,
  mapProgramTypeCompatibility: false,
  constStringArguments: false,
  callbacksVerifiedInContext: false,
  partialPointerFillRefused: false,
};
