// The Linux kernel (through libbpf's bpftool) as the oracle for Linux fixtures: after
// `bpftool prog loadall`, every program's line info (bpftool prog dump xlated linum) must be
// ours in the same order (proving subprogram placement and line mapping), every map the kernel
// created must match our definition, and program types must agree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadObject, type LoadedObject } from '../../../core/program/loader';
import { compileFixture, FIXTURE_PROGRAMS } from '../../support/clang';
import { kernelAvailable } from '../../support/kernel';
import { at } from '../../support/at';

/** Linux fixtures whose every program the kernel accepts (core_loops needs a kernel type; program_types needs attach targets). */
const LOADABLE = ['xdp_count.c', 'globals.c', 'maps_btf.c', 'calls.c', 'btf_kinds.c', 'map_values.c'];

/** The fields of `bpftool -j prog show` and `bpftool -j map show` this test reads. */
interface KernelProg {
  readonly type: string;
  readonly map_ids?: number[];
}
interface KernelMap {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly bytes_key: number;
  readonly bytes_value: number;
  readonly max_entries: number;
  readonly flags: number;
}

function bpftoolJson<T>(args: string[]): T {
  const r = spawnSync('bpftool', ['-j', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bpftool ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function withLoadedAll<T>(objectPath: string, use: (pinDir: string) => T): T {
  const pinDir = path.join('/sys/fs/bpf', `vscode-ebpf-loader-${process.pid}-${Date.now()}`);
  const r = spawnSync('bpftool', ['prog', 'loadall', objectPath, pinDir], { encoding: 'utf8' });
  try {
    if (r.status !== 0) throw new Error(`bpftool prog loadall ${objectPath} failed:\n${r.stderr}${r.stdout}`);
    return use(pinDir);
  } finally {
    fs.rmSync(pinDir, { recursive: true, force: true });
  }
}

let checkedCalls = 0;

function compareWithKernel(name: string, objectPath: string, ours: LoadedObject): void {
  withLoadedAll(objectPath, (pinDir) => {
    assert.deepEqual(fs.readdirSync(pinDir).sort(), ours.programs.map((p) => p.name).sort(), `${name}: programs`);
    const mapIds = new Set<number>();
    for (const program of ours.programs) {
      const pin = path.join(pinDir, program.name);
      const info = bpftoolJson<KernelProg>(['prog', 'show', 'pinned', pin]);
      assert.equal(info.type, program.programType?.name, `${name} ${program.name}: program type`);
      for (const id of info.map_ids ?? []) mapIds.add(id);

      // bpftool omits line-0 records and prints column 0 as absent.
      const xlated: { line_num?: number; line_col?: number }[] = bpftoolJson([
        'prog',
        'dump',
        'xlated',
        'pinned',
        pin,
        'linum',
      ]);
      const theirs = xlated
        .filter((e) => e.line_num !== undefined && e.line_num > 0)
        .map((e) => `${e.line_num}:${e.line_col ?? 0}`);
      const mine = program.lineTable
        .filter((l) => l.location.line > 0)
        .map((l) => `${l.location.line}:${l.location.column}`);
      assert.deepEqual(mine, theirs, `${name} ${program.name}: line info in program order`);

      // Where the kernel did not rewrite the instruction stream (same length), every bpf-to-bpf
      // call must reach the same relative target as ours.
      const disasm = (xlated as { disasm?: string }[]).map((e) => e.disasm ?? '');
      if (disasm.length === program.instructions.length) {
        program.instructions.forEach((insn, i) => {
          const text = at(disasm, i, `kernel instruction ${i}`);
          const call = /call pc([+-]\d+)/.exec(text);
          if (insn.opcode === 0x85 && insn.src === 1) {
            assert.ok(call, `${name} ${program.name}: kernel instruction ${i} is a local call (${text})`);
            assert.equal(insn.imm, Number(at(call, 1)), `${name} ${program.name}: call at ${insn.pc}`);
          }
        });
        checkedCalls += program.instructions.filter((insn) => insn.opcode === 0x85 && insn.src === 1).length;
      }
    }

    const kernelMaps = [...mapIds].map((id) => bpftoolJson<KernelMap>(['map', 'show', 'id', String(id)]));
    // libbpf names global-data maps <object prefix><section>, cut to 15 characters; other maps
    // keep their (15-character) name. Match exact sections before truncated ones.
    const suffixes = kernelMaps.map((k) => (k.name.includes('.') ? k.name.slice(k.name.indexOf('.')) : undefined));
    for (const [i, kernel] of kernelMaps.entries()) {
      const suffix = suffixes[i];
      const map =
        suffix === undefined
          ? ours.maps.find((m) => m.origin !== 'global-data' && m.name.slice(0, 15) === kernel.name)
          : (ours.maps.find((m) => m.origin === 'global-data' && m.section === suffix) ??
            ours.maps.find(
              (m) =>
                m.origin === 'global-data' &&
                m.section !== undefined &&
                m.section.startsWith(suffix) &&
                !suffixes.includes(m.section),
            ));
      assert.ok(map, `${name}: kernel map ${kernel.name} is one of ours (${ours.maps.map((m) => m.name).join(', ')})`);
      const where = `${name} map ${map.name}`;
      assert.equal(map.typeInfo?.name, kernel.type, `${where}: type`);
      assert.equal(map.keySize, kernel.bytes_key, `${where}: key size`);
      assert.equal(map.valueSize, kernel.bytes_value, `${where}: value size`);
      // libbpf sizes a perf event array with max_entries 0 to the number of CPUs.
      if (!(map.typeInfo?.kind === 'perf_event_array' && map.maxEntries === 0))
        assert.equal(map.maxEntries, kernel.max_entries, `${where}: max entries`);
      // The kernel itself adds BPF_F_RDONLY_PROG (0x80) to device maps.
      const kernelAdded = kernel.type === 'devmap' || kernel.type === 'devmap_hash' ? 0x80 : 0;
      assert.equal(map.flags | kernelAdded, kernel.flags, `${where}: flags`);
      // Statically initialised map-in-map slots hold the inner maps' ids. (Program arrays are
      // cleared when bpftool's descriptors close, so only map slots can be checked here.)
      if (map.initialEntries?.every((e) => e.kind === 'map')) {
        const dump: { key: string[]; value: string[] }[] = bpftoolJson(['map', 'dump', 'id', String(kernel.id)]);
        const slots = dump.map((entry) => {
          const key = Number.parseInt(
            entry.key
              .slice()
              .reverse()
              .map((b) => b.slice(2))
              .join(''),
            16,
          );
          const innerId = Number.parseInt(
            entry.value
              .slice()
              .reverse()
              .map((b) => b.slice(2))
              .join(''),
            16,
          );
          return { key, kind: 'map', name: bpftoolJson<KernelMap>(['map', 'show', 'id', String(innerId)]).name };
        });
        assert.deepEqual(
          slots,
          map.initialEntries.map((e) => ({ key: e.key, kind: e.kind, name: e.name.slice(0, 15) })),
          `${where}: initial slots`,
        );
      }
    }
    // The kernel binds every map our relocations reference; libbpf also binds .rodata* maps
    // (bpf_prog_bind_map, for metadata), referenced or not.
    const referenced = new Set(
      ours.programs.flatMap((p) =>
        p.instructions.filter((i) => i.opcode === 0x18 && (i.src === 1 || i.src === 2)).map((i) => i.imm),
      ),
    );
    const boundReadOnly = ours.maps.filter((m) => m.readOnly && !referenced.has(m.index)).length;
    assert.equal(
      mapIds.size,
      referenced.size + boundReadOnly,
      `${name}: kernel-bound maps = referenced + unreferenced .rodata*`,
    );
  });
}

describe('Linux fixtures vs the kernel (bpftool prog loadall)', () => {
  for (const file of LOADABLE) {
    it(file, (t) => {
      const availability = kernelAvailable();
      if (!availability.ok) return t.skip(availability.reason);
      const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'linux', file));
      if ('skip' in compiled) return t.skip(compiled.skip);
      compareWithKernel(file, compiled.objectPath, loadObject(compiled.bytes, { platform: 'linux' }));
      if (file === 'calls.c') assert.ok(checkedCalls >= 5, `compared ${checkedCalls} calls with the kernel's`);
    });
  }
});
