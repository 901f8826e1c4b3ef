// Stand-in for vmlinux.h (the kernel's types, generated from its BTF for the Linux build) in the
// eBPF for Windows build (see README.md): eBPF for Windows' types, helpers and XDP context, the
// packet headers from the Linux UAPI, and the kernel's short integer names vmlinux.h carries.
#pragma once
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
