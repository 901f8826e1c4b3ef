// Contexts and helpers of the ntosebpfext program types of eBPF for Windows: process and netevent.
// Written for vscode-ebpf from the ABI facts; offsets proven by _Static_assert.
#pragma once

#include "ebpf_types.h"

// ---- process (SEC("process")) -------------------------------------------------------------------
typedef enum _process_operation
{
    PROCESS_OPERATION_CREATE = 0,
    PROCESS_OPERATION_DELETE = 1,
} process_operation_t;

typedef struct _process_md
{
    uint8_t* command_start; // the command line (packet-like region: start ...
    uint8_t* command_end;   // ... and end)
    uint64_t process_id;
    uint64_t parent_process_id;
    uint64_t creating_process_id;
    uint64_t creating_thread_id;
    process_operation_t operation;
} process_md_t;

EBPF_ASSERT_OFFSET(process_md_t, command_start, 0);
EBPF_ASSERT_OFFSET(process_md_t, command_end, 8);
EBPF_ASSERT_OFFSET(process_md_t, process_id, 16);
EBPF_ASSERT_OFFSET(process_md_t, parent_process_id, 24);
EBPF_ASSERT_OFFSET(process_md_t, creating_process_id, 32);
EBPF_ASSERT_OFFSET(process_md_t, creating_thread_id, 40);
EBPF_ASSERT_OFFSET(process_md_t, operation, 48);
EBPF_ASSERT_SIZE(process_md_t, 56);

// ---- netevent -----------------------------------------------------------------------------------
typedef struct _netevent_event_md
{
    uint8_t* data_meta;
    uint8_t* data;
    uint8_t* data_end;
} netevent_event_md_t;

EBPF_ASSERT_OFFSET(netevent_event_md_t, data_meta, 0);
EBPF_ASSERT_OFFSET(netevent_event_md_t, data, 8);
EBPF_ASSERT_OFFSET(netevent_event_md_t, data_end, 16);
EBPF_ASSERT_SIZE(netevent_event_md_t, 24);

#ifndef EBPF_HELPER
#define EBPF_HELPER(ret, name, args, id) static ret(*const name) args = (void*)(id)
#endif

// process only: copies the image path of the process into path.
EBPF_HELPER(long, bpf_process_get_image_path, (process_md_t * ctx, uint8_t* path, uint32_t path_length), 65536);
// netevent only: forwards the event to user-mode listeners.
EBPF_HELPER(long, bpf_netevent_push_event, (netevent_event_md_t * ctx), 65536);
