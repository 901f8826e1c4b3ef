// Basic integer types for eBPF for Windows programs (written for vscode-ebpf from the ABI facts).
// Programs are compiled with `clang -target bpf -ffreestanding`, so <stdint.h>, <stddef.h> and
// <stdbool.h> come from clang's own resource directory, not from a C library.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// The Linux-style short names, so sources written for Linux compile unchanged.
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef int8_t __s8;
typedef int16_t __s16;
typedef int32_t __s32;
typedef int64_t __s64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint16_t __sum16;
typedef uint32_t __wsum;

// Compile-time layout checks use this; a failure names the struct and field.
#define EBPF_ASSERT_OFFSET(type, field, off) \
    _Static_assert(__builtin_offsetof(type, field) == (off), #type "." #field " must be at offset " #off)
#define EBPF_ASSERT_SIZE(type, size) _Static_assert(sizeof(type) == (size), "sizeof(" #type ") must be " #size)

// Pointers in eBPF for Windows contexts are 64-bit; this program is compiled for a 64-bit BPF target.
_Static_assert(sizeof(void*) == 8, "eBPF for Windows contexts assume 8-byte pointers");
