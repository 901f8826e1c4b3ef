// A bind-hook program for eBPF for Windows: deny binds to one port, count binds per process.
//
// The hook runs when a process binds a socket (and again after the bind and at unbind). On a
// bind it counts the call per process id and denies it when the port is the configured one.
//
// Build: clang -target bpf -O2 -g -ffreestanding -I ../include -c bind_monitor.c -o bind_monitor.o
#include "bpf_helpers.h"
#include "bpf_endian.h"

// The port denied when config[0] is 0. Set config[0] from user mode to choose another port.
#define DEFAULT_DENIED_PORT 8080

struct
{
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u16); // denied port, host order; 0 = use DEFAULT_DENIED_PORT
    __uint(max_entries, 1);
} config SEC(".maps");

struct
{
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u64);   // process id
    __type(value, __u64); // number of binds
    __uint(max_entries, 1024);
} bind_counts SEC(".maps");

static __always_inline void count_bind(__u64 process_id)
{
    __u64* count = bpf_map_lookup_elem(&bind_counts, &process_id);
    if (count) {
        __sync_fetch_and_add(count, 1);
        return;
    }
    __u64 one = 1;
    // NOEXIST: if another CPU inserted the entry meanwhile, keep its count (this bind is then lost,
    // which is acceptable for a monitor).
    bpf_map_update_elem(&bind_counts, &process_id, &one, BPF_NOEXIST);
}

static __always_inline __u16 denied_port(void)
{
    __u32 zero = 0;
    __u16* port = bpf_map_lookup_elem(&config, &zero);
    return (port && *port) ? *port : DEFAULT_DENIED_PORT;
}

SEC("bind")
int bind_monitor(bind_md_t* ctx)
{
    if (ctx->operation != BIND_OPERATION_BIND)
        return BIND_PERMIT; // post-bind and unbind notifications are not decisions

    __u64 process_id = ctx->process_id;
    count_bind(process_id);

    // socket_address is a SOCKADDR: family (2 bytes), then the port in network order.
    if (ctx->socket_address_length < 4)
        return BIND_PERMIT;
    __u16 port = ((__u16)ctx->socket_address[2] << 8) | ctx->socket_address[3];

    if (port != 0 && port == denied_port()) {
        bpf_printk("bind: denied port %u to process %llu", port, process_id);
        return BIND_DENY;
    }
    return BIND_PERMIT;
}
