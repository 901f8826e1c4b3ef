// Stand-in for the Linux UAPI <linux/types.h> in the eBPF for Windows build (see ../README.md):
// the kernel's integer names as <stdint.h> types, agreeing with bpf_helpers_platform.h.
#pragma once
#define _LINUX_TYPES_H
#include <stdint.h>

typedef int8_t __s8;
typedef uint8_t __u8;
typedef int16_t __s16;
typedef uint16_t __u16;
typedef int32_t __s32;
typedef uint32_t __u32;
typedef int64_t __s64;
typedef uint64_t __u64;
typedef uint16_t __le16;
typedef uint16_t __be16;
typedef uint32_t __le32;
typedef uint32_t __be32;
typedef uint64_t __le64;
typedef uint64_t __be64;
typedef uint16_t __sum16;
typedef uint32_t __wsum;
typedef uint64_t __aligned_u64 __attribute__((aligned(8)));
#define __bitwise
