// BTF type records (linux/btf.h, the kernel's BTF documentation). Ids start at 1; 0 is void.

export const enum BtfKind {
  UNKN = 0,
  INT = 1,
  PTR = 2,
  ARRAY = 3,
  STRUCT = 4,
  UNION = 5,
  ENUM = 6,
  FWD = 7,
  TYPEDEF = 8,
  VOLATILE = 9,
  CONST = 10,
  RESTRICT = 11,
  FUNC = 12,
  FUNC_PROTO = 13,
  VAR = 14,
  DATASEC = 15,
  FLOAT = 16,
  DECL_TAG = 17,
  TYPE_TAG = 18,
  ENUM64 = 19,
}

export const BTF_KIND_NAMES: readonly string[] = [
  'UNKN',
  'INT',
  'PTR',
  'ARRAY',
  'STRUCT',
  'UNION',
  'ENUM',
  'FWD',
  'TYPEDEF',
  'VOLATILE',
  'CONST',
  'RESTRICT',
  'FUNC',
  'FUNC_PROTO',
  'VAR',
  'DATASEC',
  'FLOAT',
  'DECL_TAG',
  'TYPE_TAG',
  'ENUM64',
];

/** INT encoding bits. */
export const BTF_INT_SIGNED = 1;
export const BTF_INT_CHAR = 2;
export const BTF_INT_BOOL = 4;

export interface BtfMember {
  readonly name: string;
  readonly type: number;
  /** Offset from the start of the struct, in bits. */
  readonly bitOffset: number;
  /** Bitfield width in bits, 0 for an ordinary member. */
  readonly bitSize: number;
}

export interface BtfEnumValue {
  readonly name: string;
  readonly value: bigint;
}

export interface BtfParam {
  readonly name: string;
  readonly type: number;
}

export interface BtfVarSecInfo {
  /** The VAR (or FUNC for externs) type id. */
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

interface Base<K extends BtfKind> {
  readonly id: number;
  readonly kind: K;
  readonly name: string;
}

export interface BtfVoid extends Base<BtfKind.UNKN> {}
export interface BtfInt extends Base<BtfKind.INT> {
  readonly size: number;
  /** BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL. */
  readonly encoding: number;
  readonly bitOffset: number;
  readonly bits: number;
}
export interface BtfPtr extends Base<BtfKind.PTR> {
  readonly type: number;
}
export interface BtfArray extends Base<BtfKind.ARRAY> {
  readonly type: number;
  readonly indexType: number;
  readonly count: number;
}
export interface BtfComposite extends Base<BtfKind.STRUCT | BtfKind.UNION> {
  readonly size: number;
  readonly members: readonly BtfMember[];
}
export interface BtfEnum extends Base<BtfKind.ENUM | BtfKind.ENUM64> {
  readonly size: number;
  readonly signed: boolean;
  readonly values: readonly BtfEnumValue[];
}
export interface BtfFwd extends Base<BtfKind.FWD> {
  readonly isUnion: boolean;
}
export interface BtfModifier extends Base<
  BtfKind.TYPEDEF | BtfKind.VOLATILE | BtfKind.CONST | BtfKind.RESTRICT | BtfKind.TYPE_TAG
> {
  readonly type: number;
}
export interface BtfFunc extends Base<BtfKind.FUNC> {
  /** The FUNC_PROTO. */
  readonly type: number;
  /** 0 static, 1 global, 2 extern. */
  readonly linkage: number;
}
export interface BtfFuncProto extends Base<BtfKind.FUNC_PROTO> {
  readonly returnType: number;
  readonly params: readonly BtfParam[];
}
export interface BtfVar extends Base<BtfKind.VAR> {
  readonly type: number;
  /** 0 static, 1 global allocated, 2 extern. */
  readonly linkage: number;
}
export interface BtfDatasec extends Base<BtfKind.DATASEC> {
  readonly size: number;
  readonly vars: readonly BtfVarSecInfo[];
}
export interface BtfFloat extends Base<BtfKind.FLOAT> {
  readonly size: number;
}
export interface BtfDeclTag extends Base<BtfKind.DECL_TAG> {
  readonly type: number;
  /** -1: the tag applies to the type itself; else the member / parameter index. */
  readonly componentIndex: number;
}

export type BtfType =
  | BtfVoid
  | BtfInt
  | BtfPtr
  | BtfArray
  | BtfComposite
  | BtfEnum
  | BtfFwd
  | BtfModifier
  | BtfFunc
  | BtfFuncProto
  | BtfVar
  | BtfDatasec
  | BtfFloat
  | BtfDeclTag;
