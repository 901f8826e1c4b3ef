// Platform detection from object-level evidence: the marker section, includes, BTF, section
// names, "no marker means Linux" for objects, and the Windows default only without an object.
// End to end: every example and every verifier fixture, compiled with clang, is detected from the
// .o alone (with its debug info, and from sections + BTF only, as if the debug info were stripped).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseBtf } from '../../../core/btf/parse';
import { parseElf } from '../../../core/elf/elf';
import { btfEvidence, detectPlatform, type DetectInput } from '../../../core/platform/index';
import { loadObject } from '../../../core/program/loader';
import { choosePlatform } from '../../../core/program/platformChoice';
import { clangAvailable, compileFixture, loadFixtures } from '../verifier-fixtures/fixtures';
import { clangMissing, compile, examplesDir, linuxIncludeFlags, tempDir, windowsFlags } from './clang';

const id = (input: DetectInput) => detectPlatform(input).platform.id;
const objectSections = ['.text', 'xdp', '.maps', 'license', '.BTF', '.BTF.ext', '.symtab', '.strtab'];

describe('detectPlatform: object-level evidence, in order', () => {
  it('1. the .ebpf_for_windows marker section wins over every other evidence', () => {
    const d = detectPlatform({
      sectionNames: [...objectSections, '.ebpf_for_windows', 'kprobe/x'],
      sourceText: '#include <linux/bpf.h>',
      fromObject: true,
      btf: { typeNames: ['__sk_buff'], xdpMdData: 'integer' },
    });
    assert.equal(d.platform.id, 'windows');
    assert.match(d.reason, /\.ebpf_for_windows section/);
  });

  it('2. source includes come before BTF, section names and the missing marker', () => {
    const lin = detectPlatform({
      sectionNames: objectSections,
      sourceText: '#include <bpf/bpf_helpers.h>',
      fromObject: true,
      btf: { typeNames: ['bind_md_t'], xdpMdData: 'pointer' },
    });
    assert.equal(lin.platform.id, 'linux');
    assert.match(lin.reason, /<bpf\/bpf_helpers\.h>/);
    const win = detectPlatform({
      sectionNames: [...objectSections, 'kprobe/x'],
      sourceText: '#include "xdp_hooks.h"',
      fromObject: true,
    });
    assert.equal(win.platform.id, 'windows');
    assert.match(win.reason, /xdp_hooks\.h/);
  });

  it('3. BTF: the shape of xdp_md.data', () => {
    const win = detectPlatform({
      sectionNames: objectSections,
      fromObject: true,
      btf: { typeNames: ['xdp_md'], xdpMdData: 'pointer' },
    });
    assert.equal(win.platform.id, 'windows');
    assert.match(win.reason, /xdp_md\.data as a pointer/);
    const lin = detectPlatform({
      sectionNames: objectSections,
      fromObject: true,
      btf: { typeNames: ['xdp_md', '__u32'], xdpMdData: 'integer' },
    });
    assert.equal(lin.platform.id, 'linux');
    assert.match(lin.reason, /xdp_md\.data as __u32/);
  });

  it('3. BTF: types only one platform defines', () => {
    for (const name of ['bind_md_t', 'bpf_sock_addr_t', 'bpf_sock_ops_t', 'process_md_t']) {
      const d = detectPlatform({ sectionNames: ['.text', 'cgroup/connect4'], btf: { typeNames: ['int', name] } });
      assert.equal(d.platform.id, 'windows', name);
      assert.match(d.reason, new RegExp(`type ${name}, which only eBPF for Windows`));
    }
    for (const name of ['__sk_buff', 'pt_regs', 'sk_msg_md']) {
      const d = detectPlatform({
        sectionNames: ['.text', 'cgroup/connect4', '.ebpf_missing'],
        btf: { typeNames: [name] },
      });
      assert.equal(d.platform.id, 'linux', name);
      assert.match(d.reason, new RegExp(`type ${name}, which only Linux`));
    }
    // Types both platforms define do not decide; the object's missing marker then does.
    const shared = detectPlatform({
      sectionNames: ['.text', 'sockops'],
      btf: { typeNames: ['bpf_sock_ops', 'bpf_sock_addr'] },
    });
    assert.match(shared.reason, /no \.ebpf_for_windows marker section/);
  });

  it('3. BTF evidence beats section names', () => {
    assert.equal(
      id({ sectionNames: ['bind'], fromObject: true, btf: { typeNames: [], xdpMdData: 'integer' } }),
      'linux',
    );
    assert.equal(id({ sectionNames: ['kprobe/x'], fromObject: true, btf: { typeNames: ['bind_md_t'] } }), 'windows');
  });

  it('4. platform-only section names decide an object before the missing marker does', () => {
    const bind = detectPlatform({
      sectionNames: [...objectSections, 'bind'],
      fromObject: true,
      btf: { typeNames: [] },
    });
    assert.equal(bind.platform.id, 'windows');
    assert.match(bind.reason, /"bind" exists only on eBPF for Windows/);
    assert.equal(id({ sectionNames: [...objectSections, 'tc'], fromObject: true }), 'linux');
  });

  it('5. an object without the marker and without other evidence is Linux, and says why', () => {
    for (const input of [
      { sectionNames: objectSections, fromObject: true },
      { sectionNames: objectSections, btf: { typeNames: ['int'] } },
      { sectionNames: ['.text', 'cgroup/connect4', 'sockops'], fromObject: true, sourceText: '#include "common.h"\n' },
    ] satisfies DetectInput[]) {
      const d = detectPlatform(input);
      assert.equal(d.platform.id, 'linux');
      assert.match(d.reason, /no \.ebpf_for_windows marker section \(eBPF for Windows headers always emit one\)/);
    }
  });

  it('6. the Windows default applies only when there is no object', () => {
    const d = detectPlatform({
      sectionNames: ['xdp'],
      sourceText: '#include "my_helpers.h"\nSEC("xdp") int f(void *c) { return 1; }',
    });
    assert.equal(d.platform.id, 'windows');
    assert.match(d.reason, /default/);
    assert.match(d.reason, /no compiled object/);
    assert.equal(id({ sectionNames: [] }), 'windows');
    assert.equal(id({ sectionNames: [], fromObject: true }), 'linux');
  });

  it('the explicit setting still overrides object evidence', () => {
    assert.equal(id({ sectionNames: objectSections, fromObject: true, setting: 'windows' }), 'windows');
    assert.equal(
      id({
        sectionNames: ['.ebpf_for_windows'],
        fromObject: true,
        setting: 'linux',
        btf: { typeNames: ['bind_md_t'] },
      }),
      'linux',
    );
  });
});

/** The object as choosePlatform sees it with debug info, and from sections + BTF alone. */
function detectBoth(objectPath: string): { full: string; fullReason: string; btfOnly: string; btfOnlyReason: string } {
  const bytes = fs.readFileSync(objectPath);
  const elf = parseElf(bytes);
  const btfSection = elf.sectionByName('.BTF');
  const btf = btfSection ? parseBtf(btfSection.data) : undefined;
  const full = choosePlatform(elf, {}, btf);
  const btfOnly = detectPlatform({
    sectionNames: elf.sections.map((s) => s.name),
    fromObject: true,
    ...(btf ? { btf: btfEvidence(btf) } : {}),
  });
  return {
    full: full.profile.id,
    fullReason: full.reason,
    btfOnly: btfOnly.platform.id,
    btfOnlyReason: btfOnly.reason,
  };
}

describe('btfEvidence on clang output', () => {
  it('reads xdp_md.data as a pointer (Windows headers) or __u32 (Linux headers)', (t) => {
    const missing = clangMissing();
    if (missing) return t.skip(missing);
    const body =
      'SEC("xdp") int f(struct xdp_md *ctx) { return ctx->data_end > ctx->data; }\nchar _license[] SEC("license") = "GPL";\n';
    const win = compile({ text: `#include "bpf_helpers.h"\n#include "xdp_hooks.h"\n${body}` }, windowsFlags);
    assert.ok(win.ok, win.stderr);
    const lin = compile({ text: `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n${body}` }, linuxIncludeFlags);
    assert.ok(lin.ok, lin.stderr);
    const evidence = (file: string) => {
      const s = parseElf(fs.readFileSync(file)).sectionByName('.BTF');
      assert.ok(s, `${file} has .BTF`);
      return btfEvidence(parseBtf(s.data));
    };
    assert.equal(evidence(win.object).xdpMdData, 'pointer');
    assert.equal(evidence(lin.object).xdpMdData, 'integer');
    assert.ok(evidence(lin.object).typeNames.includes('xdp_md'));
  });
});

describe('examples are detected from the .o alone', () => {
  const sources = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.c'));
  // The README's build lines: Linux programs use the system headers, the rest ../include.
  const isLinux = (file: string) =>
    /#include <linux\/bpf\.h>/.test(fs.readFileSync(path.join(examplesDir, file), 'utf8'));

  it('has the Linux example this fix is about', () => assert.ok(sources.includes('linux_xdp_counter.c')));

  for (const file of sources) {
    it(`${file}`, (t) => {
      const missing = clangMissing();
      if (missing) return t.skip(missing);
      const expected = isLinux(file) ? 'linux' : 'windows';
      const r = compile(
        { file: path.join(examplesDir, file) },
        expected === 'linux' ? linuxIncludeFlags : windowsFlags,
      );
      assert.ok(r.ok, r.stderr);
      const loaded = loadObject(fs.readFileSync(r.object), { fileName: file });
      assert.equal(loaded.platform.id, expected, loaded.platformReason);
      const both = detectBoth(r.object);
      assert.equal(both.btfOnly, expected, both.btfOnlyReason);
      assert.doesNotMatch(loaded.platformReason, /default/);
    });
  }
});

describe('verifier fixtures are detected as their folder says, from the .o alone', () => {
  const fixtures = loadFixtures();
  for (const family of ['linux', 'windows'] as const) {
    it(`${family}/*.c`, (t) => {
      const clang = clangAvailable();
      if (!clang.ok) return t.skip(clang.reason);
      const own = fixtures.filter((f) => f.family === family);
      assert.ok(own.length > 0, `fixtures under ${family}/`);
      const outDir = tempDir();
      const wrong: string[] = [];
      let compiled = 0;
      for (const fixture of own) {
        const r = compileFixture(fixture, outDir);
        assert.ok(r.ok, `${fixture.id}: ${r.stderr}`);
        compiled++;
        const both = detectBoth(r.objectPath);
        if (both.full !== family) wrong.push(`${fixture.id}: ${both.full} (${both.fullReason})`);
        if (both.btfOnly !== family)
          wrong.push(`${fixture.id} without debug info: ${both.btfOnly} (${both.btfOnlyReason})`);
      }
      fs.rmSync(outDir, { recursive: true, force: true });
      assert.equal(compiled, own.length);
      assert.deepEqual(wrong, []);
    });
  }
});
