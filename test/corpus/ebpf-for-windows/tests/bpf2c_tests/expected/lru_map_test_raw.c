// Copyright (c) eBPF for Windows contributors
// SPDX-License-Identifier: MIT

// Do not alter this generated file.
// This file was generated from lru_map_test.o

#include "bpf2c.h"

static void
_get_hash(_Outptr_result_buffer_maybenull_(*size) const uint8_t** hash, _Out_ size_t* size)
{
    *hash = NULL;
    *size = 0;
}

#pragma data_seg(push, "maps")
static map_entry_t _maps[] = {
    {
     {0, 0},
     {
         1,                     // Current Version.
         80,                    // Struct size up to the last field.
         80,                    // Total struct size including padding.
     },
     {
         BPF_MAP_TYPE_LRU_HASH, // Type of map.
         4,                     // Size in bytes of a map key.
         4,                     // Size in bytes of a map value.
         100,                   // Maximum number of entries allowed in the map.
         0,                     // Inner map index.
         LIBBPF_PIN_NONE,       // Pinning type for the map.
         10,                    // Identifier for a map template.
         0,                     // The id of the inner map template.
     },
     "lru_map"},
};
#pragma data_seg(pop)

static void
_get_maps(_Outptr_result_buffer_maybenull_(*count) map_entry_t** maps, _Out_ size_t* count)
{
    *maps = _maps;
    *count = 1;
}

static void
_get_global_variable_sections(
    _Outptr_result_buffer_maybenull_(*count) global_variable_section_info_t** global_variable_sections,
    _Out_ size_t* count)
{
    *global_variable_sections = NULL;
    *count = 0;
}

static helper_function_entry_t lru_lookup_program_helpers[] = {
    {
     {1, 40, 40}, // Version header.
     1,
     "helper_id_1",
    },
};

static GUID lru_lookup_program_program_type_guid = {
    0xf788ef4a, 0x207d, 0x4dc3, {0x85, 0xcf, 0x0f, 0x2e, 0xa1, 0x07, 0x21, 0x3c}};
static GUID lru_lookup_program_attach_type_guid = {
    0xf788ef4b, 0x207d, 0x4dc3, {0x85, 0xcf, 0x0f, 0x2e, 0xa1, 0x07, 0x21, 0x3c}};
static uint16_t lru_lookup_program_maps[] = {
    0,
};

#pragma code_seg(push, "sample~1")
static uint64_t
lru_lookup_program(void* context, const program_runtime_context_t* runtime_context)
#line 24 "sample/undocked/lru_map_test.c"
{
#line 24 "sample/undocked/lru_map_test.c"
    // Prologue.
#line 24 "sample/undocked/lru_map_test.c"
    uint64_t stack[(UBPF_STACK_SIZE + 7) / 8];
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r0 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r1 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r2 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r3 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r4 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r5 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r6 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r7 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r8 = 0;
#line 24 "sample/undocked/lru_map_test.c"
    register uint64_t r10 = 0;

#line 24 "sample/undocked/lru_map_test.c"
    r1 = (uintptr_t)context;
#line 24 "sample/undocked/lru_map_test.c"
    r10 = (uintptr_t)((uint8_t*)stack + sizeof(stack));

    // EBPF_OP_LDXW pc=0 dst=r2 src=r1 offset=16 imm=0
#line 24 "sample/undocked/lru_map_test.c"
    READ_ONCE_32(r2, r1, OFFSET(16));
    // EBPF_OP_STXW pc=1 dst=r10 src=r2 offset=-4 imm=0
#line 24 "sample/undocked/lru_map_test.c"
    WRITE_ONCE_32(r10, (uint32_t)r2, OFFSET(-4));
    // EBPF_OP_LDDW pc=2 dst=r6 src=r0 offset=0 imm=-1
#line 24 "sample/undocked/lru_map_test.c"
    r6 = (uint64_t)4294967295;
    // EBPF_OP_LDXH pc=4 dst=r7 src=r1 offset=20 imm=0
#line 25 "sample/undocked/lru_map_test.c"
    READ_ONCE_16(r7, r1, OFFSET(20));
    // EBPF_OP_JGT_IMM pc=5 dst=r7 src=r0 offset=10 imm=253
#line 26 "sample/undocked/lru_map_test.c"
    if (r7 > IMMEDIATE(253)) {
#line 26 "sample/undocked/lru_map_test.c"
        goto label_2;
#line 26 "sample/undocked/lru_map_test.c"
    }
    // EBPF_OP_MOV64_IMM pc=6 dst=r6 src=r0 offset=0 imm=0
#line 26 "sample/undocked/lru_map_test.c"
    r6 = IMMEDIATE(0);
    // EBPF_OP_JEQ_IMM pc=7 dst=r7 src=r0 offset=8 imm=0
#line 30 "sample/undocked/lru_map_test.c"
    if (r7 == IMMEDIATE(0)) {
#line 30 "sample/undocked/lru_map_test.c"
        goto label_2;
#line 30 "sample/undocked/lru_map_test.c"
    }
    // EBPF_OP_MOV64_IMM pc=8 dst=r8 src=r0 offset=0 imm=0
#line 30 "sample/undocked/lru_map_test.c"
    r8 = IMMEDIATE(0);
    // EBPF_OP_JA pc=9 dst=r0 src=r0 offset=8 imm=0
#line 30 "sample/undocked/lru_map_test.c"
    goto label_3;
label_1:
    // EBPF_OP_LDXW pc=10 dst=r2 src=r10 offset=-4 imm=0
#line 35 "sample/undocked/lru_map_test.c"
    READ_ONCE_32(r2, r10, OFFSET(-4));
    // EBPF_OP_ADD64_IMM pc=11 dst=r2 src=r0 offset=0 imm=1
#line 35 "sample/undocked/lru_map_test.c"
    r2 += IMMEDIATE(1);
    // EBPF_OP_STXW pc=12 dst=r10 src=r2 offset=-4 imm=0
#line 35 "sample/undocked/lru_map_test.c"
    WRITE_ONCE_32(r10, (uint32_t)r2, OFFSET(-4));
    // EBPF_OP_ADD64_REG pc=13 dst=r6 src=r1 offset=0 imm=0
#line 32 "sample/undocked/lru_map_test.c"
    r6 += r1;
    // EBPF_OP_ADD64_IMM pc=14 dst=r8 src=r0 offset=0 imm=1
#line 30 "sample/undocked/lru_map_test.c"
    r8 += IMMEDIATE(1);
    // EBPF_OP_JGT_REG pc=15 dst=r7 src=r8 offset=2 imm=0
#line 30 "sample/undocked/lru_map_test.c"
    if (r7 > r8) {
#line 30 "sample/undocked/lru_map_test.c"
        goto label_3;
#line 30 "sample/undocked/lru_map_test.c"
    }
label_2:
    // EBPF_OP_MOV64_REG pc=16 dst=r0 src=r6 offset=0 imm=0
#line 40 "sample/undocked/lru_map_test.c"
    r0 = r6;
    // EBPF_OP_EXIT pc=17 dst=r0 src=r0 offset=0 imm=0
#line 40 "sample/undocked/lru_map_test.c"
    return r0;
label_3:
    // EBPF_OP_MOV64_REG pc=18 dst=r2 src=r10 offset=0 imm=0
#line 40 "sample/undocked/lru_map_test.c"
    r2 = r10;
    // EBPF_OP_ADD64_IMM pc=19 dst=r2 src=r0 offset=0 imm=-4
#line 40 "sample/undocked/lru_map_test.c"
    r2 += IMMEDIATE(-4);
    // EBPF_OP_LDDW pc=20 dst=r1 src=r1 offset=0 imm=1
#line 31 "sample/undocked/lru_map_test.c"
    r1 = POINTER(runtime_context->map_data[0].address);
    // EBPF_OP_CALL pc=22 dst=r0 src=r0 offset=0 imm=1
#line 31 "sample/undocked/lru_map_test.c"
    r0 = runtime_context->helper_data[0].address(r1, r2, r3, r4, r5, context);
    // EBPF_OP_MOV64_IMM pc=23 dst=r1 src=r0 offset=0 imm=1
#line 31 "sample/undocked/lru_map_test.c"
    r1 = IMMEDIATE(1);
    // EBPF_OP_JNE_IMM pc=24 dst=r0 src=r0 offset=-15 imm=0
#line 32 "sample/undocked/lru_map_test.c"
    if (r0 != IMMEDIATE(0)) {
#line 32 "sample/undocked/lru_map_test.c"
        goto label_1;
#line 32 "sample/undocked/lru_map_test.c"
    }
    // EBPF_OP_MOV64_IMM pc=25 dst=r1 src=r0 offset=0 imm=0
#line 32 "sample/undocked/lru_map_test.c"
    r1 = IMMEDIATE(0);
    // EBPF_OP_JA pc=26 dst=r0 src=r0 offset=-17 imm=0
#line 32 "sample/undocked/lru_map_test.c"
    goto label_1;
#line 24 "sample/undocked/lru_map_test.c"
}
#pragma code_seg(pop)
#line __LINE__ __FILE__

#pragma data_seg(push, "programs")
static program_entry_t _programs[] = {
    {
        0,
        {1, 154, 160}, // Version header.
        lru_lookup_program,
        "sample~1",
        "sample_ext",
        "lru_lookup_program",
        lru_lookup_program_maps,
        1,
        lru_lookup_program_helpers,
        1,
        27,
        &lru_lookup_program_program_type_guid,
        &lru_lookup_program_attach_type_guid,
    },
};
#pragma data_seg(pop)

static void
_get_programs(_Outptr_result_buffer_(*count) program_entry_t** programs, _Out_ size_t* count)
{
    *programs = _programs;
    *count = 1;
}

static void
_get_version(_Out_ bpf2c_version_t* version)
{
    version->major = 1;
    version->minor = 6;
    version->revision = 0;
}

static void
_get_map_initial_values(_Outptr_result_buffer_(*count) map_initial_values_t** map_initial_values, _Out_ size_t* count)
{
    *map_initial_values = NULL;
    *count = 0;
}

metadata_table_t lru_map_test_metadata_table = {
    sizeof(metadata_table_t),
    _get_programs,
    _get_maps,
    _get_hash,
    _get_version,
    _get_map_initial_values,
    _get_global_variable_sections,
};
