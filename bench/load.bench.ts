// Load + disassemble time for a large object (thousands of instructions) with our engine vs
// `llvm-objdump -d` on the same file, measured in the same run. Run: npx tsx bench/load.bench.ts
// (or through bench/run.mjs). Prints medians and the ratio; exits 0 with a reason when clang or
// llvm-objdump is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { disassembleInstruction } from '../core/isa/disassemble';
import { loadObject } from '../core/program/loader';
import { windowsProfile } from '../core/platform/windows';
import { median } from './stats';

const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

/** A C program whose object has many thousands of instructions: unrolled parsing in many sections. */
function generateSource(functions: number): string {
  const parts = [
    '#include <linux/bpf.h>',
    '#include <bpf/bpf_helpers.h>',
    'struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } stats SEC(".maps");',
  ];
  for (let f = 0; f < functions; f++) {
    parts.push(`SEC("xdp/f${f}") int prog${f}(struct xdp_md *ctx) {`);
    parts.push('  unsigned char *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end;');
    parts.push('  if (d + 64 > e) return 1;');
    parts.push('  __u64 acc = 0;');
    for (let i = 0; i < 40; i++)
      parts.push(`  acc = (acc * ${31 + f + i}) ^ (d[${i}] << ${i % 13}) ^ (acc >> ${(i % 7) + 1});`);
    parts.push(
      `  __u32 k = ${f % 64}; __u64 *v = bpf_map_lookup_elem(&stats, &k); if (v) __sync_fetch_and_add(v, acc);`,
    );
    parts.push('  return acc & 3; }');
  }
  parts.push('char LICENSE[] SEC("license") = "GPL";');
  return parts.join('\n');
}

function main(): void {
  for (const tool of ['clang', 'llvm-objdump']) {
    if (spawnSync(tool, ['--version']).status !== 0) {
      console.log(`load.bench: skipped (${tool} is not installed)`);
      return;
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-bench-'));
  try {
    const src = path.join(dir, 'large.c');
    const obj = path.join(dir, 'large.o');
    fs.writeFileSync(src, generateSource(FUNCTIONS));
    const cc = spawnSync(
      'clang',
      ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj],
      { encoding: 'utf8' },
    );
    if (cc.status !== 0) throw new Error(`clang failed: ${cc.stderr}`);

    let instructions = 0;
    let lines = 0;
    const oursLoad: number[] = [];
    const oursDisasm: number[] = [];
    const objdumpMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Ours: read, load (ELF, BTF, maps, relocations, line table), then disassemble every program.
      let t0 = performance.now();
      const loaded = loadObject(fs.readFileSync(obj), { platform: windowsProfile, fileName: obj });
      const t1 = performance.now();
      let text = 0;
      for (const p of loaded.programs) for (const insn of p.instructions) text += disassembleInstruction(insn).length;
      const t2 = performance.now();
      oursLoad.push(t1 - t0);
      oursDisasm.push(t2 - t0);
      instructions = loaded.sections.reduce((n, s) => n + s.instructions, 0);
      lines = text;

      t0 = performance.now();
      const od = spawnSync('llvm-objdump', ['-d', obj], { encoding: 'utf8', maxBuffer: 1 << 28 });
      objdumpMs.push(performance.now() - t0);
      if (od.status !== 0) throw new Error(`llvm-objdump failed: ${od.stderr}`);
    }
    const load = median(oursLoad);
    const full = median(oursDisasm);
    const ref = median(objdumpMs);
    console.log(
      `load.bench: ${path.basename(obj)} ${fs.statSync(obj).size} bytes, ${instructions} instructions in ${FUNCTIONS} sections (${lines} chars of text), ${ROUNDS} rounds, medians:`,
    );
    console.log(`  ours load (ELF+BTF+maps+relocation+lines)   ${load.toFixed(2)} ms`);
    console.log(`  ours load + disassemble every instruction   ${full.toFixed(2)} ms`);
    console.log(`  llvm-objdump -d (process, same file)         ${ref.toFixed(2)} ms`);
    console.log(`  ratio ours(load+disasm) / llvm-objdump       ${(full / ref).toFixed(3)}`);
    console.log('  (ours is measured in-process after warm-up; llvm-objdump includes its process start)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
