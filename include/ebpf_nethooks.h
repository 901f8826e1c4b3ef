// Contexts, return codes and helpers of the eBPF for Windows network hooks (netebpfext):
// bind, sock_addr (cgroup/connect*, recv_accept*, bind*, listen*, connect_authorization*) and sockops.
// Written for vscode-ebpf from the ABI facts; every field offset is proven below by _Static_assert.
#pragma once

#include "ebpf_types.h"

// ---- bind (SEC("bind")) -------------------------------------------------------------------------
typedef enum _bind_operation
{
    BIND_OPERATION_BIND = 0,      // entry to bind
    BIND_OPERATION_POST_BIND = 1, // after the port is allocated
    BIND_OPERATION_UNBIND = 2,    // release of the port
} bind_operation_t;

typedef struct _bind_md
{
    uint8_t* app_id_start;           // the application id (packet-like region: start ...
    uint8_t* app_id_end;             // ... and end, checked like data/data_end)
    uint64_t process_id;
    uint8_t socket_address[16];      // SOCKADDR bytes: family (u16), port (u16, network order), address
    uint8_t socket_address_length;
    bind_operation_t operation;
    uint8_t protocol;                // IPPROTO_TCP 6, IPPROTO_UDP 17
} bind_md_t;

typedef enum _bind_action
{
    BIND_PERMIT_SOFT = 0,
    BIND_PERMIT = BIND_PERMIT_SOFT,
    BIND_DENY = 1,
    BIND_REDIRECT = 2,
    BIND_PERMIT_HARD = 3,
} bind_action_t;

EBPF_ASSERT_OFFSET(bind_md_t, app_id_start, 0);
EBPF_ASSERT_OFFSET(bind_md_t, app_id_end, 8);
EBPF_ASSERT_OFFSET(bind_md_t, process_id, 16);
EBPF_ASSERT_OFFSET(bind_md_t, socket_address, 24);
EBPF_ASSERT_OFFSET(bind_md_t, socket_address_length, 40);
EBPF_ASSERT_OFFSET(bind_md_t, operation, 44);
EBPF_ASSERT_OFFSET(bind_md_t, protocol, 48);
EBPF_ASSERT_SIZE(bind_md_t, 56);

// ---- sock_addr (SEC("cgroup/connect4") etc.) ----------------------------------------------------
typedef struct bpf_sock_addr
{
    uint32_t family; // AF_INET 2, AF_INET6 23 (Windows)
    union
    {
        uint32_t msg_src_ip4;
        uint32_t msg_src_ip6[4];
    };
    uint16_t msg_src_port; // network order
    union
    {
        uint32_t user_ip4;
        uint32_t user_ip6[4];
    };
    uint16_t user_port; // network order
    uint32_t protocol;
    uint32_t compartment_id;
    uint64_t interface_luid;
} bpf_sock_addr_t;

#define BPF_SOCK_ADDR_VERDICT_REJECT 0
#define BPF_SOCK_ADDR_VERDICT_PROCEED_SOFT 1
#define BPF_SOCK_ADDR_VERDICT_PROCEED_HARD 2
#define BPF_SOCK_ADDR_VERDICT_PROCEED BPF_SOCK_ADDR_VERDICT_PROCEED_SOFT
#define DEFAULT_COMPARTMENT_ID 1

EBPF_ASSERT_OFFSET(bpf_sock_addr_t, family, 0);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, msg_src_ip4, 4);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, msg_src_ip6, 4);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, msg_src_port, 20);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, user_ip4, 24);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, user_ip6, 24);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, user_port, 40);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, protocol, 44);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, compartment_id, 48);
EBPF_ASSERT_OFFSET(bpf_sock_addr_t, interface_luid, 56);
EBPF_ASSERT_SIZE(bpf_sock_addr_t, 64);

// Filled by bpf_sock_addr_get_network_context (version 1, 32 bytes).
typedef struct _bpf_sock_addr_network_context
{
    uint32_t version;
    uint32_t interface_type;
    uint32_t tunnel_type;
    uint64_t next_hop_interface_luid;
    uint32_t sub_interface_index;
} bpf_sock_addr_network_context_t;

EBPF_ASSERT_OFFSET(bpf_sock_addr_network_context_t, version, 0);
EBPF_ASSERT_OFFSET(bpf_sock_addr_network_context_t, interface_type, 4);
EBPF_ASSERT_OFFSET(bpf_sock_addr_network_context_t, tunnel_type, 8);
EBPF_ASSERT_OFFSET(bpf_sock_addr_network_context_t, next_hop_interface_luid, 16);
EBPF_ASSERT_OFFSET(bpf_sock_addr_network_context_t, sub_interface_index, 24);
EBPF_ASSERT_SIZE(bpf_sock_addr_network_context_t, 32);

// ---- sockops (SEC("sockops")) -------------------------------------------------------------------
typedef enum _bpf_sock_op_type
{
    BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB = 0,
    BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB = 1,
    BPF_SOCK_OPS_CONNECTION_DELETED_CB = 2,
} bpf_sock_op_type_t;

typedef struct bpf_sock_ops
{
    bpf_sock_op_type_t op;
    uint32_t family;
    union
    {
        uint32_t local_ip4;
        uint32_t local_ip6[4];
    };
    uint32_t local_port; // a u32 here, unlike sock_addr's u16
    union
    {
        uint32_t remote_ip4;
        uint32_t remote_ip6[4];
    };
    uint32_t remote_port;
    uint8_t protocol;
    uint32_t compartment_id;
    uint64_t interface_luid;
} bpf_sock_ops_t;

EBPF_ASSERT_OFFSET(bpf_sock_ops_t, op, 0);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, family, 4);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, local_ip4, 8);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, local_ip6, 8);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, local_port, 24);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, remote_ip4, 28);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, remote_ip6, 28);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, remote_port, 44);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, protocol, 48);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, compartment_id, 52);
EBPF_ASSERT_OFFSET(bpf_sock_ops_t, interface_luid, 56);
EBPF_ASSERT_SIZE(bpf_sock_ops_t, 64);

// ---- Program-type-specific helpers (ids > 0xFFFF; the same id means different helpers per type) -
#ifndef EBPF_HELPER
#define EBPF_HELPER(ret, name, args, id) static ret(*const name) args = (void*)(id)
#endif

// sock_addr only (not on recv_accept hooks).
EBPF_HELPER(long, bpf_sock_addr_set_redirect_context, (bpf_sock_addr_t * ctx, void* data, uint32_t data_size), 65537);
EBPF_HELPER(long, bpf_sock_addr_get_network_context,
            (bpf_sock_addr_t * ctx, bpf_sock_addr_network_context_t* context, uint32_t context_size), 65538);
// sockops only: the WFP flow id of the connection.
EBPF_HELPER(uint64_t, bpf_sock_ops_get_flow_id, (bpf_sock_ops_t * ctx), 65536);
