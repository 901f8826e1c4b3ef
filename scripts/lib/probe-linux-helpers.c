// Asks the running kernel which helpers each program type may call, the way bpftool's
// `feature probe` does: per (target, helper) it loads `r0 = 0; call helper; r0 = 0; exit` with a GPL
// licence and reads the verifier's answer. A helper is unavailable when the log says
// "program of this type cannot use helper" (newer kernels, 6.18 here), "unknown func" (older ones) or
// "invalid func" (an id the kernel does not know), or when it refuses the call for the program
// itself (see unavailable()); any other outcome (loaded, or refused for the arguments) means the
// type has the helper. bpftool v7.1 (libbpf 1.1) knows only the older wording and so reports every
// helper available on newer kernels, hence this probe.
//
// Usage: probe-linux-helpers MAX_HELPER_ID NAME,PROG_TYPE,ATTACH_TYPE,ATTACH_BTF_ID,PROG_FLAGS ...
// Each program returns 0, or 1 where the type refuses 0. Prints one JSON object per target on its own line:
//   {"target":"xdp","loads":true,"available":[1,2,...],"refused":{"12":"first log line",...}}
// or, when even a program without a helper call is refused:
//   {"target":"fentry","loads":false,"errno":1,"error":"Operation not permitted","log":"..."}
// Needs root (CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN); built and run by scripts/probe-linux-helpers.mjs.
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char log_buf[1 << 16];

struct target {
  const char *name;
  unsigned prog_type, attach_type, attach_btf_id, prog_flags;
};

// The value the program returns: 0, or 1 for the attach types whose verifier demands it (recvmsg,
// getpeername, getsockname).
static int ret_value;

static int load(const struct target *t, int helper) {
  struct bpf_insn insns[4];
  int n = 0;
  memset(insns, 0, sizeof(insns));
  insns[n].code = BPF_ALU64 | BPF_MOV | BPF_K; // r0 = ret_value
  insns[n].imm = ret_value;
  n++;
  if (helper > 0) {
    insns[n].code = BPF_JMP | BPF_CALL;
    insns[n].imm = helper;
    n++;
    insns[n].code = BPF_ALU64 | BPF_MOV | BPF_K; // r0 again: the return value checks stay quiet
    insns[n].imm = ret_value;
    n++;
  }
  insns[n].code = BPF_JMP | BPF_EXIT;
  n++;
  union bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.prog_type = t->prog_type;
  attr.insns = (unsigned long)insns;
  attr.insn_cnt = (unsigned)n;
  attr.license = (unsigned long)"GPL";
  attr.log_level = 1;
  attr.log_buf = (unsigned long)log_buf;
  attr.log_size = sizeof(log_buf);
  attr.expected_attach_type = t->attach_type;
  attr.attach_btf_id = t->attach_btf_id;
  attr.prog_flags = t->prog_flags;
  log_buf[0] = 0;
  int fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  return errno;
}

static void json_string(const char *s, size_t max) {
  putchar('"');
  for (size_t i = 0; s[i] && i < max; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c == '\n')
      printf("\\n");
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

/** The verifier's message: the last log line before the "processed N insns" trailer. */
static const char *message_line(char *log) {
  char *end = strstr(log, "\nprocessed ");
  if (end) *end = 0;
  char *last = strrchr(log, '\n');
  return last ? last + 1 : log;
}

static int unavailable(const char *log) {
  return strstr(log, "program of this type cannot use helper") || strstr(log, "unknown func ") ||
         strstr(log, "invalid func ") ||
         // Known to the type's func_proto, but refused for the program itself whatever the arguments:
         // bpftool counts these available, a verifier must not (bpf_copy_from_user outside sleepable
         // programs, bpf_get_func_ip outside kprobes and fentry/fexit, a helper's `allowed` callback).
         strstr(log, "might sleep in a non-sleepable prog") || strstr(log, " not supported for program type ") ||
         strstr(log, " supported only for ") || strstr(log, "helper call is not allowed in probe");
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s MAX_HELPER_ID NAME,PROG_TYPE,ATTACH_TYPE,ATTACH_BTF_ID,PROG_FLAGS ...\n", argv[0]);
    return 2;
  }
  int max_id = atoi(argv[1]);
  for (int a = 2; a < argc; a++) {
    struct target t;
    char *spec = strdup(argv[a]);
    t.name = strtok(spec, ",");
    const char *fields[4];
    for (int i = 0; i < 4; i++) fields[i] = strtok(NULL, ",");
    if (!t.name || !fields[3]) {
      fprintf(stderr, "bad target spec: %s\n", argv[a]);
      return 2;
    }
    t.prog_type = (unsigned)strtoul(fields[0], NULL, 0);
    t.attach_type = (unsigned)strtoul(fields[1], NULL, 0);
    t.attach_btf_id = (unsigned)strtoul(fields[2], NULL, 0);
    t.prog_flags = (unsigned)strtoul(fields[3], NULL, 0);
    printf("{\"target\":");
    json_string(t.name, 64);
    ret_value = 0;
    int err = load(&t, 0);
    if (err == EINVAL) {
      ret_value = 1;
      err = load(&t, 0);
      if (err) ret_value = 0, err = load(&t, 0); // report the first refusal
    }
    if (err) {
      printf(",\"loads\":false,\"errno\":%d,\"error\":", err);
      json_string(strerror(err), 200);
      printf(",\"log\":");
      json_string(message_line(log_buf), 400);
      printf("}\n");
      free(spec);
      continue;
    }
    printf(",\"loads\":true,\"available\":[");
    int first = 1;
    // Messages of the helpers the type has but whose bare call the verifier still refuses.
    static char refused[1 << 20];
    size_t used = 0;
    refused[0] = 0;
    for (int id = 1; id <= max_id; id++) {
      err = load(&t, id);
      if (err && unavailable(log_buf)) continue;
      printf("%s%d", first ? "" : ",", id);
      first = 0;
      if (err && used + 600 < sizeof(refused)) {
        const char *msg = message_line(log_buf);
        used += (size_t)snprintf(refused + used, sizeof(refused) - used, "%s\"%d\":\"", used ? "," : "", id);
        for (size_t i = 0; msg[i] && i < 300 && used + 8 < sizeof(refused); i++) {
          unsigned char c = (unsigned char)msg[i];
          if (c == '"' || c == '\\') refused[used++] = '\\';
          refused[used++] = c >= 0x20 ? (char)c : ' ';
        }
        refused[used++] = '"';
        refused[used] = 0;
      }
    }
    printf("],\"refused\":{%s}}\n", refused);
    free(spec);
  }
  return 0;
}
