// The main header for eBPF for Windows programs when the official package is not installed.
// Written for vscode-ebpf from the eBPF for Windows ABI (helper ids, map types, map encodings);
// it is NOT the upstream header. Compile with:
//   clang -target bpf -O2 -g -ffreestanding -I include -c prog.c -o prog.o
//
// Helper ids here are the WINDOWS ids (1..35, then per-program-type ids >= 0x10000); only 1, 2, 3
// and 8 coincide with Linux. Map type numbers are the Windows numbers.
#pragma once

#include "bpf_helpers_platform.h"
#include "ebpf_structs.h"
#include "ebpf_nethooks.h"

// ---- BTF-defined maps (section ".maps"), the same encoding libbpf uses -------------------------
// A map is an anonymous struct whose members carry the parameters in their BTF types:
//   __uint(max_entries, 16)  ->  int (*max_entries)[16]   (the array length is the value)
//   __type(key, T)           ->  T *key                    (the pointee is the key type)
//   __array(values, S)       ->  S *values[]               (map-in-map templates)
#define __uint(name, val) int(*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

// Pinning values for __uint(pinning, ...).
#define LIBBPF_PIN_NONE 0
#define LIBBPF_PIN_BY_NAME 1

// ---- Legacy maps (section "maps" or "maps/<name>") ---------------------------------------------
// eBPF for Windows reads 8 x u32 = 32 bytes per record; shorter records are zero-padded by the loader.
struct bpf_map_def
{
    uint32_t type;          // enum bpf_map_type (Windows numbers)
    uint32_t key_size;
    uint32_t value_size;
    uint32_t max_entries;
    uint32_t inner_map_idx; // map-in-map: 0-based index of the template among the maps
    uint32_t pinning;       // LIBBPF_PIN_*
    uint32_t id;            // map-in-map by id: this map's id ...
    uint32_t inner_id;      // ... and the id of its inner template
};
EBPF_ASSERT_SIZE(struct bpf_map_def, 32);
EBPF_ASSERT_OFFSET(struct bpf_map_def, inner_map_idx, 16);
EBPF_ASSERT_OFFSET(struct bpf_map_def, inner_id, 28);

// ---- Helper declarations -----------------------------------------------------------------------
// A helper is a constant function pointer whose value is its id; clang turns a call through it into
// `call <id>`. The pointer is never dereferenced.
#define EBPF_HELPER(ret, name, args, id) static ret(*const name) args = (void*)(id)

EBPF_HELPER(void*, bpf_map_lookup_elem, (void* map, const void* key), 1);
EBPF_HELPER(long, bpf_map_update_elem, (void* map, const void* key, const void* value, uint64_t flags), 2);
EBPF_HELPER(long, bpf_map_delete_elem, (void* map, const void* key), 3);
EBPF_HELPER(void*, bpf_map_lookup_and_delete_elem, (void* map, const void* key), 4);
EBPF_HELPER(long, bpf_tail_call, (const void* ctx, const void* prog_array_map, uint32_t index), 5);
EBPF_HELPER(uint32_t, bpf_get_prandom_u32, (void), 6);
EBPF_HELPER(uint64_t, bpf_ktime_get_boot_ns, (void), 7);
EBPF_HELPER(uint32_t, bpf_get_smp_processor_id, (void), 8);
EBPF_HELPER(uint64_t, bpf_ktime_get_ns, (void), 9);
EBPF_HELPER(int64_t, bpf_csum_diff, (const void* from, int from_size, const void* to, int to_size, int seed), 10);
EBPF_HELPER(long, bpf_ringbuf_output, (void* ring_buffer, const void* data, uint64_t size, uint64_t flags), 11);
EBPF_HELPER(long, bpf_trace_printk2, (const char* fmt, uint64_t fmt_size), 12);
EBPF_HELPER(long, bpf_trace_printk3, (const char* fmt, uint64_t fmt_size, uint64_t arg3), 13);
EBPF_HELPER(long, bpf_trace_printk4, (const char* fmt, uint64_t fmt_size, uint64_t arg3, uint64_t arg4), 14);
EBPF_HELPER(long, bpf_trace_printk5, (const char* fmt, uint64_t fmt_size, uint64_t arg3, uint64_t arg4, uint64_t arg5), 15);
EBPF_HELPER(long, bpf_map_push_elem, (void* map, const void* value, uint64_t flags), 16);
EBPF_HELPER(long, bpf_map_pop_elem, (void* map, void* value), 17);
EBPF_HELPER(long, bpf_map_peek_elem, (void* map, void* value), 18);
EBPF_HELPER(uint64_t, bpf_get_current_pid_tgid, (void), 19);
EBPF_HELPER(uint64_t, bpf_get_current_logon_id, (const void* ctx), 20);
EBPF_HELPER(int32_t, bpf_is_current_admin, (const void* ctx), 21);
EBPF_HELPER(long, bpf_memcpy_s, (void* dest, uint64_t dest_size, const void* src, uint64_t src_size), 22);
EBPF_HELPER(int, bpf_memcmp_s, (const void* s1, uint64_t s1_size, const void* s2, uint64_t s2_size), 23);
EBPF_HELPER(long, bpf_memset, (void* s, uint64_t s_size, int c), 24);
EBPF_HELPER(long, bpf_memmove_s, (void* dest, uint64_t dest_size, const void* src, uint64_t src_size), 25);
EBPF_HELPER(uint64_t, bpf_get_socket_cookie, (void* ctx), 26);
EBPF_HELPER(long, bpf_strncpy_s, (char* dest, uint64_t dest_size, const char* src, uint64_t count), 27);
EBPF_HELPER(long, bpf_strncat_s, (char* dest, uint64_t dest_size, const char* src, uint64_t count), 28);
EBPF_HELPER(uint64_t, bpf_strnlen_s, (const char* str, uint64_t str_size), 29);
EBPF_HELPER(uint64_t, bpf_ktime_get_boot_ms, (void), 30);
EBPF_HELPER(uint64_t, bpf_ktime_get_ms, (void), 31);
EBPF_HELPER(long, bpf_perf_event_output, (void* ctx, void* map, uint64_t flags, void* data, uint64_t size), 32);
EBPF_HELPER(uint64_t, bpf_get_current_process_start_key, (void), 33);
EBPF_HELPER(int64_t, bpf_get_current_thread_create_time, (void), 34);
EBPF_HELPER(long, bpf_redirect_map, (void* map, uint32_t key, uint64_t flags), 35);

// Flags for bpf_map_update_elem.
#define BPF_ANY 0     // create or update
#define BPF_NOEXIST 1 // create only
#define BPF_EXIST 2   // update only

// bpf_perf_event_output flags: low 32 bits select the CPU; this value means the current one.
#define BPF_F_INDEX_MASK 0xffffffffULL
#define BPF_F_CURRENT_CPU BPF_F_INDEX_MASK
#define BPF_F_CTXLEN_MASK (0xfffffULL << 32)

// ---- bpf_printk ---------------------------------------------------------------------------------
// Windows has one helper per argument count: ids 12..15 take 0..3 value arguments after (fmt, size).
// Only %d %i %u %x (with l / ll) and %% are accepted; the output is an ETW event, not trace_pipe.
#define __EBPF_NARGS(...) __EBPF_NARGS_(_, ##__VA_ARGS__, 3, 2, 1, 0)
#define __EBPF_NARGS_(_0, _1, _2, _3, n, ...) n
#define __EBPF_CAT(a, b) __EBPF_CAT_(a, b)
#define __EBPF_CAT_(a, b) a##b
#define __ebpf_trace_printk_0 bpf_trace_printk2
#define __ebpf_trace_printk_1 bpf_trace_printk3
#define __ebpf_trace_printk_2 bpf_trace_printk4
#define __ebpf_trace_printk_3 bpf_trace_printk5
#define bpf_trace_printk(fmt, fmt_size, ...) \
    __EBPF_CAT(__ebpf_trace_printk_, __EBPF_NARGS(__VA_ARGS__))((fmt), (fmt_size), ##__VA_ARGS__)

// The format lives in a stack array so that it is readable memory of a known size.
#ifndef bpf_printk
#define bpf_printk(fmt, ...)                                         \
    ({                                                               \
        char ____fmt[] = fmt;                                        \
        bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); \
    })
#endif
