// eBPF for Windows enumerations: map types, program types, attach types (Windows numbering).
// Written for vscode-ebpf from the ABI facts; these numbers differ from Linux.
#pragma once

#include "ebpf_types.h"

enum bpf_map_type
{
    BPF_MAP_TYPE_UNSPEC = 0,
    BPF_MAP_TYPE_HASH = 1,
    BPF_MAP_TYPE_ARRAY = 2,
    BPF_MAP_TYPE_PROG_ARRAY = 3,
    BPF_MAP_TYPE_PERCPU_HASH = 4,
    BPF_MAP_TYPE_PERCPU_ARRAY = 5,
    BPF_MAP_TYPE_HASH_OF_MAPS = 6,
    BPF_MAP_TYPE_ARRAY_OF_MAPS = 7,
    BPF_MAP_TYPE_LRU_HASH = 8,
    BPF_MAP_TYPE_LPM_TRIE = 9,
    BPF_MAP_TYPE_QUEUE = 10,
    BPF_MAP_TYPE_LRU_PERCPU_HASH = 11,
    BPF_MAP_TYPE_STACK = 12,
    BPF_MAP_TYPE_RINGBUF = 13,
    BPF_MAP_TYPE_PERF_EVENT_ARRAY = 14,
    BPF_MAP_TYPE_SAMPLE_HASH_MAP = 15, // custom map of the sample extension
    BPF_MAP_TYPE_XSKMAP = 16,          // custom map of the XDP extension
};

enum bpf_prog_type
{
    BPF_PROG_TYPE_UNSPEC = 0,
    BPF_PROG_TYPE_XDP = 1,
    BPF_PROG_TYPE_BIND = 2,
    BPF_PROG_TYPE_CGROUP_SOCK_ADDR = 3,
    BPF_PROG_TYPE_SOCK_OPS = 4,
    BPF_PROG_TYPE_NETEVENT = 5,
    BPF_PROG_TYPE_PROCESS = 6,
    BPF_PROG_TYPE_SAMPLE = 999,
};

enum bpf_attach_type
{
    BPF_ATTACH_TYPE_UNSPEC = 0,
    BPF_XDP = 1,
    BPF_ATTACH_TYPE_BIND = 2,
    BPF_CGROUP_INET4_CONNECT = 3,
    BPF_CGROUP_INET6_CONNECT = 4,
    BPF_CGROUP_INET4_RECV_ACCEPT = 5,
    BPF_CGROUP_INET6_RECV_ACCEPT = 6,
    BPF_CGROUP_SOCK_OPS = 7,
    BPF_ATTACH_TYPE_SAMPLE = 8,
    BPF_ATTACH_TYPE_NETEVENT = 10,
    BPF_ATTACH_TYPE_PROCESS = 11,
    BPF_CGROUP_INET4_CONNECT_AUTHORIZATION = 12,
    BPF_CGROUP_INET6_CONNECT_AUTHORIZATION = 13,
    BPF_CGROUP_INET4_BIND = 14,
    BPF_CGROUP_INET6_BIND = 15,
    BPF_CGROUP_INET4_LISTEN = 16,
    BPF_CGROUP_INET6_LISTEN = 17,
};

// Program-type-specific helper ids start above the global range.
#define EBPF_MAX_GENERAL_HELPER_FUNCTION 0xFFFF
#define BPF_OBJ_NAME_LEN 64
