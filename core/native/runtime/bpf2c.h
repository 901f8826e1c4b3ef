/*
 * vscode-ebpf native runtime: the bpf2c.h interface (the tables and macros generated C uses),
 * written for gcc/clang on Linux so `ebpf convert --raw` output builds into a local runner.
 * Layouts follow eBPF for Windows' include/bpf2c.h: a module built against that header and one
 * built against this expose the same metadata.
 */
#ifndef VSCODE_EBPF_BPF2C_H
#define VSCODE_EBPF_BPF2C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Windows source annotations mean nothing here. */
#define _In_
#define _Out_
#define _Inout_
#define _Field_z_
#define _Field_size_(n)
#define _Outptr_result_buffer_maybenull_(n)
#define _Outptr_result_buffer_(n)

#define UBPF_STACK_SIZE 512

#define IMMEDIATE(X) (int32_t)(X)
#define OFFSET(X) (int16_t)(X)
#define POINTER(X) (uint64_t)(uintptr_t)(X)

#define READ_ONCE_64(d, s, o) d = *(volatile const uint64_t*)(uintptr_t)((s) + (o))
#define READ_ONCE_32(d, s, o) d = *(volatile const uint32_t*)(uintptr_t)((s) + (o))
#define READ_ONCE_16(d, s, o) d = *(volatile const uint16_t*)(uintptr_t)((s) + (o))
#define READ_ONCE_8(d, s, o) d = *(volatile const uint8_t*)(uintptr_t)((s) + (o))
#define READ_ONCE_S32(d, s, o) d = (uint64_t)(int64_t)*(volatile const int32_t*)(uintptr_t)((s) + (o))
#define READ_ONCE_S16(d, s, o) d = (uint64_t)(int64_t)*(volatile const int16_t*)(uintptr_t)((s) + (o))
#define READ_ONCE_S8(d, s, o) d = (uint64_t)(int64_t)*(volatile const int8_t*)(uintptr_t)((s) + (o))
#define WRITE_ONCE_64(d, v, o) *(volatile uint64_t*)(uintptr_t)((d) + (o)) = (uint64_t)(v)
#define WRITE_ONCE_32(d, v, o) *(volatile uint32_t*)(uintptr_t)((d) + (o)) = (uint32_t)(v)
#define WRITE_ONCE_16(d, v, o) *(volatile uint16_t*)(uintptr_t)((d) + (o)) = (uint16_t)(v)
#define WRITE_ONCE_8(d, v, o) *(volatile uint8_t*)(uintptr_t)((d) + (o)) = (uint8_t)(v)

static inline uint16_t swap16(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t swap32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint64_t swap64(uint64_t v) { return __builtin_bswap64(v); }
#undef htobe16
#undef htobe32
#undef htobe64
#undef htole16
#undef htole32
#undef htole64
#define htobe16(X) swap16(X)
#define htobe32(X) swap32(X)
#define htobe64(X) swap64(X)
#define htole16(X) (X)
#define htole32(X) (X)
#define htole64(X) (X)

/* Atomics under the Interlocked names bpf2c emits. */
#define InterlockedExchangeAdd64(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr64(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd64(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedXor64(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedXor(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchange64(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchange(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedCompareExchange64(p, exchange, comparand) __sync_val_compare_and_swap((p), (comparand), (exchange))
#define InterlockedCompareExchange(p, exchange, comparand) __sync_val_compare_and_swap((p), (comparand), (exchange))

#define UNREFERENCED_PARAMETER(P) ((void)(P))

typedef struct _GUID
{
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;
typedef GUID ebpf_program_type_t;
typedef GUID ebpf_attach_type_t;

typedef struct _ebpf_native_module_header
{
    uint16_t version;
    size_t size;
    size_t total_size;
} ebpf_native_module_header_t;

typedef struct _ebpf_map_definition_in_file
{
    uint32_t type;
    uint32_t key_size;
    uint32_t value_size;
    uint32_t max_entries;
    uint32_t inner_map_idx;
    uint32_t pinning;
    uint32_t id;
    uint32_t inner_id;
} ebpf_map_definition_in_file_t;

typedef uint64_t (*helper_function_t)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, void*);

typedef struct _helper_function_entry
{
    ebpf_native_module_header_t header;
    uint32_t helper_id;
    const char* name;
} helper_function_entry_t;

typedef struct _helper_function_data
{
    ebpf_native_module_header_t header;
    helper_function_t address;
    bool tail_call;
} helper_function_data_t;

typedef struct _btf_resolved_function_entry
{
    ebpf_native_module_header_t header;
    const char* name;
    GUID module_guid;
} btf_resolved_function_entry_t;

typedef struct _btf_resolved_function_data
{
    ebpf_native_module_header_t header;
    helper_function_t address;
} btf_resolved_function_data_t;

typedef struct _map_entry
{
    uint64_t zero_marker[2];
    ebpf_native_module_header_t header;
    ebpf_map_definition_in_file_t definition;
    const char* name;
} map_entry_t;

typedef struct _map_data
{
    ebpf_native_module_header_t header;
    uintptr_t address;
    uint8_t* array_data;
} map_data_t;

typedef struct _map_initial_values
{
    ebpf_native_module_header_t header;
    const char* name;
    size_t count;
    const char** values;
} map_initial_values_t;

typedef struct _global_variable_section_info
{
    ebpf_native_module_header_t header;
    const char* name;
    size_t size;
    const void* initial_data;
} global_variable_section_info_t;

typedef struct _global_variable_section_data
{
    ebpf_native_module_header_t header;
    unsigned char* address_of_map_value;
} global_variable_section_data_t;

typedef struct _program_runtime_context
{
    ebpf_native_module_header_t header;
    helper_function_data_t* helper_data;
    map_data_t* map_data;
    global_variable_section_data_t* global_variable_section_data;
    btf_resolved_function_data_t* btf_resolved_function_data;
} program_runtime_context_t;

typedef struct _program_entry
{
    uint64_t zero;
    ebpf_native_module_header_t header;
    uint64_t (*function)(void*, const program_runtime_context_t*);
    const char* pe_section_name;
    const char* section_name;
    const char* program_name;
    uint16_t* referenced_map_indices;
    uint16_t referenced_map_count;
    helper_function_entry_t* helpers;
    uint16_t helper_count;
    size_t bpf_instruction_count;
    ebpf_program_type_t* program_type;
    ebpf_attach_type_t* expected_attach_type;
    const uint8_t* program_info_hash;
    size_t program_info_hash_length;
    const char* program_info_hash_type;
    btf_resolved_function_entry_t* btf_resolved_functions;
    uint16_t btf_resolved_function_count;
} program_entry_t;

typedef struct _bpf2c_version
{
    uint32_t major;
    uint32_t minor;
    uint32_t revision;
} bpf2c_version_t;

typedef struct _metadata_table
{
    size_t size;
    void (*programs)(program_entry_t** programs, size_t* count);
    void (*maps)(map_entry_t** maps, size_t* count);
    void (*hash)(const uint8_t** hash, size_t* size);
    void (*version)(bpf2c_version_t* version);
    void (*map_initial_values)(map_initial_values_t** map_initial_values, size_t* count);
    void (*global_variable_sections)(global_variable_section_info_t** global_variable_sections, size_t* count);
} metadata_table_t;

/* Legacy packet loads (ld_abs / ld_ind, Linux socket filters): the runner implements it. */
bool ebpf_native_load_packet(void* context, uint64_t offset, uint32_t size, uint64_t* value);
/* Programs without a program type (the conformance suite's raw mode) get the buffer length in r2. */
uint64_t ebpf_native_memory_length(void* context);

#endif
