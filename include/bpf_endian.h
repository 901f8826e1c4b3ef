// Byte-order helpers for eBPF programs (written for vscode-ebpf). BPF targets here are
// little-endian; network order is big-endian, so these swap with clang builtins, which fold
// constants at compile time and otherwise become BPF byte-swap instructions.
#pragma once

#include "ebpf_types.h"

#define bpf_htons(x) ((__be16)__builtin_bswap16((__u16)(x)))
#define bpf_ntohs(x) ((__u16)__builtin_bswap16((__u16)(x)))
#define bpf_htonl(x) ((__be32)__builtin_bswap32((__u32)(x)))
#define bpf_ntohl(x) ((__u32)__builtin_bswap32((__u32)(x)))
#define bpf_cpu_to_be64(x) __builtin_bswap64((__u64)(x))
#define bpf_be64_to_cpu(x) __builtin_bswap64((__u64)(x))
