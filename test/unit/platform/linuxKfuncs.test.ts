// The Linux kfunc table (core/platform/linuxKfuncs.ts): consistent with itself and the helper
// table, and its program-type sets equal the kernel's answer. The live part loads one small
// program per (kfunc, section) with bpftool and checks that the kernel refuses the call to a type
// ("calling kernel function X is not allowed") exactly where the table says it is not offered,
// and that our verifier says the same; it skips, naming what is missing, without kernel or clang.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { linuxProfile } from '../../../core/platform/index';
import { linuxDynptrHelpers, linuxKernelFunctions } from '../../../core/platform/linuxKfuncs';
import { loadObject } from '../../../core/program/loader';
import { verifyProgram } from '../../../core/verifier/index';
import { kernelAvailable, loadIntoKernel } from '../../support/kernel';
import { defined } from '../../support/at';
import { clangMissing, compile, linuxIncludeFlags, tempDir } from './clang';

describe('Linux kfunc table', () => {
  it('names every kfunc once, with object arguments inside its prototype', () => {
    for (const [name, kf] of linuxKernelFunctions) {
      assert.equal(kf.prototype.name, name);
      assert.ok(kf.prototype.args.length <= 5, `${name}: at most 5 arguments`);
      for (const a of kf.stackObjects) {
        assert.ok(a.reg >= 1 && a.reg <= kf.prototype.args.length, `${name}: object argument r${a.reg}`);
        assert.equal(kf.prototype.args[a.reg - 1], 'anything', `${name}: r${a.reg} is checked as an object only`);
      }
      if (kf.result?.kind === 'dynptr_data') assert.ok(kf.result.sizeArg <= kf.prototype.args.length, name);
    }
  });

  it('describes dynptr helpers the Linux helper table has, with a struct bpf_dynptr at each object argument', () => {
    for (const [name, d] of linuxDynptrHelpers) {
      const helper = [...linuxProfile.helpers.values()].find((h) => h.name === name);
      assert.ok(helper, `${name} is a Linux helper`);
      const params = helper.signature.slice(helper.signature.indexOf('(') + 1, -1).split(',');
      for (const a of d.stackObjects)
        assert.match(defined(params[a.reg - 1], `${name} parameter ${a.reg}`), /struct bpf_dynptr \*/, name);
    }
  });
});

/** A program of this section calling the kfunc as the kernel wants it called (balanced, released). */
const CALLS: Record<string, string> = {
  bpf_iter_num_new: 'struct bpf_iter_num it; bpf_iter_num_new(&it, 0, 4); bpf_iter_num_destroy(&it);',
  bpf_dynptr_from_skb: 'struct bpf_dynptr d; bpf_dynptr_from_skb(ctx, 0, &d);',
  bpf_dynptr_from_xdp: 'struct bpf_dynptr d; bpf_dynptr_from_xdp(ctx, 0, &d);',
  bpf_rcu_read_lock: 'bpf_rcu_read_lock(); bpf_rcu_read_unlock();',
};
const DECLARATIONS = `
struct bpf_iter_num { __u64 __opaque[1]; } __attribute__((aligned(8)));
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;
extern int bpf_dynptr_from_skb(struct __sk_buff *s, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern int bpf_dynptr_from_xdp(struct xdp_md *x, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
`;
const SECTIONS = ['socket', 'tc', 'cgroup_skb/ingress', 'xdp', 'kprobe/do_nanosleep', 'raw_tp/sys_enter'];

describe('Linux kfunc program-type sets against the kernel', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [kfunc, call] of Object.entries(CALLS)) {
    it(`${kfunc}: refused to exactly the types the table leaves out`, (t) => {
      const kernel = kernelAvailable();
      if (!kernel.ok) return t.skip(kernel.reason);
      const clang = clangMissing();
      if (clang) return t.skip(clang);
      const kf = defined(linuxKernelFunctions.get(kfunc), kfunc);
      for (const section of SECTIONS) {
        const text = `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n${DECLARATIONS}\nSEC("${section}") int prog(void *ctx) { ${call} return 0; }\nchar LICENSE[] SEC("license") = "GPL";\n`;
        const out = path.join(dir, `${kfunc}-${section.replace(/\W/g, '_')}`);
        fs.mkdirSync(out, { recursive: true });
        const built = compile({ text }, linuxIncludeFlags, out);
        assert.ok(built.ok, `${kfunc} in ${section}: ${built.stderr}`);
        const refused = /calling kernel function \w+ is not allowed/.test(loadIntoKernel(built.object).log);
        const type = defined(linuxProfile.programTypeForSection(section), section);
        const offered = kf.programTypes === 'any' || kf.programTypes.includes(type.number);
        assert.equal(!refused, offered, `${kfunc} in ${section}: kernel ${refused ? 'refuses' : 'allows'} it`);
        const program = defined(
          loadObject(new Uint8Array(fs.readFileSync(built.object)), { platform: linuxProfile }).programs[0],
          'the program',
        );
        const unavailable = verifyProgram(program).diagnostics.some(
          (d) => d.code === 'helper-unavailable' && d.message.includes('is not allowed'),
        );
        assert.equal(unavailable, refused, `${kfunc} in ${section}: our verifier agrees with the kernel`);
      }
    });
  }
});
