/*
 * vscode-ebpf native runtime: maps, helpers and the run state shared by runtime.c (maps and
 * helpers) and runner.c (loading a bpf2c-style module, reading inputs, printing results).
 * Each build also links bindings.c, generated per object: which helper implementation serves
 * which helper id on the object's platform, and each map's kind.
 */
#ifndef VSCODE_EBPF_RUNTIME_H
#define VSCODE_EBPF_RUNTIME_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf2c.h"

enum ebpf_rt_map_kind
{
    RT_MAP_ARRAY,
    RT_MAP_HASH,
    RT_MAP_LRU_HASH,
    RT_MAP_PROG_ARRAY,
    RT_MAP_OTHER,
};

typedef struct ebpf_rt_map
{
    int kind;
    uint32_t key_size, value_size, max_entries;
    uint32_t capacity; /* slots allocated: max_entries for arrays, a power of two for hashes */
    /* Arrays: max_entries values. Hashes: max_entries slots of key then value. */
    uint8_t* data;
    uint8_t* used;       /* hashes: 0 empty, 1 holds an entry, 2 deleted (tombstone) */
    uint64_t* last_used; /* LRU: use clock per slot */
    uint32_t count;
    const char* name;
} ebpf_rt_map_t;

typedef struct ebpf_rt_state
{
    bool windows;
    bool conformance;
    ebpf_rt_map_t* maps;
    size_t map_count;
    /* Packet window in a buffer mapped below 4 GB (Linux ctx fields hold 32-bit pointers). */
    uint8_t* frame;
    size_t frame_size;
    size_t meta, data, data_end;
    uint8_t* ctx;
    size_t ctx_size;
    int pointer_fields[16][3]; /* offset, size, kind (0 start, 1 end, 2 meta) */
    int pointer_field_count;
    /* Raw mode (conformance): the memory buffer and its length. */
    uint8_t* memory;
    size_t memory_size;
    /* Tail calls: the program index the current program handed over to, -1 for none. */
    int pending_tail_call;
    int tail_calls;
    /* Each scheduled tail call: where its bpf_tail_call returns to in the caller, and the target
       program's index (the native debug session shows the chain in the call stack). */
    void* tail_call_sites[34];
    int tail_call_targets[34];
    uint64_t lru_clock;
    char printk[65536];
    size_t printk_length;
    const char* error;
    jmp_buf unwind;
} ebpf_rt_state_t;

extern ebpf_rt_state_t ebpf_rt;

/* Called by generated code (declared in our bpf2c.h too; bpf2c's header does not know them). */
bool ebpf_native_load_packet(void* context, uint64_t offset, uint32_t size, uint64_t* value);
uint64_t ebpf_native_memory_length(void* context);

/* From bindings.c (generated). */
extern const bool ebpf_rt_platform_windows;
helper_function_t ebpf_rt_bind_helper(uint32_t id, bool* tail_call);
int ebpf_rt_map_kind(size_t index);

void ebpf_rt_map_init(ebpf_rt_map_t* map, int kind, const ebpf_map_definition_in_file_t* def, const char* name);
uint8_t* ebpf_rt_map_lookup(ebpf_rt_map_t* map, const uint8_t* key);
int64_t ebpf_rt_map_update(ebpf_rt_map_t* map, const uint8_t* key, const uint8_t* value, uint64_t flags);
int64_t ebpf_rt_map_delete(ebpf_rt_map_t* map, const uint8_t* key);
void ebpf_rt_set_pointer_fields(void);

/* Helper implementations, bound by bindings.c. */
uint64_t ebpf_rt_unimplemented(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, void*);
uint64_t ebpf_rt_conformance_unwind(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, void*);
#define EBPF_RT_HELPER(name) uint64_t ebpf_rt_##name(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, void*);
EBPF_RT_HELPER(bpf_map_lookup_elem)
EBPF_RT_HELPER(bpf_map_update_elem)
EBPF_RT_HELPER(bpf_map_delete_elem)
EBPF_RT_HELPER(bpf_tail_call)
EBPF_RT_HELPER(bpf_trace_printk)
EBPF_RT_HELPER(bpf_trace_printk2)
EBPF_RT_HELPER(bpf_trace_printk3)
EBPF_RT_HELPER(bpf_trace_printk4)
EBPF_RT_HELPER(bpf_trace_printk5)
EBPF_RT_HELPER(bpf_get_smp_processor_id)
EBPF_RT_HELPER(bpf_ktime_get_ns)
EBPF_RT_HELPER(bpf_get_current_pid_tgid)
EBPF_RT_HELPER(bpf_get_current_uid_gid)
EBPF_RT_HELPER(bpf_xdp_adjust_head)
EBPF_RT_HELPER(bpf_xdp_adjust_tail)
EBPF_RT_HELPER(bpf_csum_diff)
EBPF_RT_HELPER(bpf_memcpy)
EBPF_RT_HELPER(bpf_memset)
#undef EBPF_RT_HELPER

#endif
