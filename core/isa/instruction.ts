// The raw shape of one eBPF instruction (RFC 9669 §3) and the opcode field constants.
// Every layer (decoder, loader, verifier, VM, native converter) speaks this type.

/** Instruction classes: the low 3 bits of the opcode. */
export const enum InsnClass {
  LD = 0x00,
  LDX = 0x01,
  ST = 0x02,
  STX = 0x03,
  ALU = 0x04,
  JMP = 0x05,
  JMP32 = 0x06,
  ALU64 = 0x07,
}

/** ALU operation codes (bits 4..7 of the opcode, already shifted: opcode & 0xf0). */
export const enum AluOp {
  ADD = 0x00,
  SUB = 0x10,
  MUL = 0x20,
  DIV = 0x30,
  OR = 0x40,
  AND = 0x50,
  LSH = 0x60,
  RSH = 0x70,
  NEG = 0x80,
  MOD = 0x90,
  XOR = 0xa0,
  MOV = 0xb0,
  ARSH = 0xc0,
  END = 0xd0,
}

/** Jump operation codes (opcode & 0xf0). */
export const enum JmpOp {
  JA = 0x00,
  JEQ = 0x10,
  JGT = 0x20,
  JGE = 0x30,
  JSET = 0x40,
  JNE = 0x50,
  JSGT = 0x60,
  JSGE = 0x70,
  CALL = 0x80,
  EXIT = 0x90,
  JLT = 0xa0,
  JLE = 0xb0,
  JSLT = 0xc0,
  JSLE = 0xd0,
}

/** Source bit for ALU/JMP: immediate (K) or register (X). For END it selects LE (0) / BE (1). */
export const enum Source {
  K = 0x00,
  X = 0x08,
}

/** Memory access size (opcode & 0x18). */
export const enum MemSize {
  W = 0x00,
  H = 0x08,
  B = 0x10,
  DW = 0x18,
}

/** Memory mode (opcode & 0xe0). */
export const enum MemMode {
  IMM = 0x00,
  ABS = 0x20,
  IND = 0x40,
  MEM = 0x60,
  MEMSX = 0x80,
  ATOMIC = 0xc0,
}

/** `lddw` src_reg values (pseudo loads, as in the kernel's UAPI). */
export const enum LddwSource {
  IMM64 = 0,
  MAP_FD = 1,
  MAP_VALUE = 2,
  BTF_ID = 3,
  FUNC = 4,
  MAP_IDX = 5,
  MAP_IDX_VALUE = 6,
}

/** `call` src_reg values. */
export const enum CallSource {
  HELPER = 0,
  LOCAL = 1,
  KFUNC = 2,
}

/** Atomic operation immediates (imm of a STX|ATOMIC instruction). */
export const enum AtomicOp {
  ADD = 0x00,
  OR = 0x40,
  AND = 0x50,
  XOR = 0xa0,
  FETCH = 0x01,
  XCHG = 0xe1,
  CMPXCHG = 0xf1,
}

/**
 * One decoded instruction. `pc` is its index in 8-byte slots from the start of its section or
 * program (llvm-objdump prints `pc * 8`). An `lddw` occupies two slots (`slots === 2`) and carries
 * its full 64-bit constant in `imm64`; jump targets are `pc + 1 + offset` in slots.
 */
export interface Instruction {
  readonly pc: number;
  readonly opcode: number;
  readonly dst: number;
  readonly src: number;
  /** Signed 16-bit offset. */
  readonly offset: number;
  /** Signed 32-bit immediate (for lddw: the low half). */
  readonly imm: number;
  /** lddw only: the 64-bit constant (low imm | next imm << 32), as an unsigned bigint. */
  readonly imm64?: bigint;
  /** 1 for ordinary instructions, 2 for lddw. */
  readonly slots: 1 | 2;
}

export const INSN_SIZE = 8;

export function insnClass(opcode: number): InsnClass {
  return opcode & 0x07;
}

export function isLddw(opcode: number): boolean {
  return opcode === 0x18;
}
