import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detectPlatform, includedHeaders, profileById } from '../../../core/platform/index';

const id = (input: Parameters<typeof detectPlatform>[0]) => detectPlatform(input).platform.id;

describe('detectPlatform', () => {
  it('lets the setting override everything', () => {
    const d = detectPlatform({ sectionNames: ['.ebpf_for_windows', 'xdp'], setting: 'linux' });
    assert.equal(d.platform.id, 'linux');
    assert.match(d.reason, /setting/);
    assert.equal(id({ sectionNames: ['kprobe/x'], setting: 'windows' }), 'windows');
  });

  it('recognises the .ebpf_for_windows marker section', () => {
    const d = detectPlatform({
      sectionNames: ['xdp', '.ebpf_for_windows', '.maps'],
      sourceText: '#include <linux/bpf.h>',
    });
    assert.equal(d.platform.id, 'windows');
    assert.match(d.reason, /\.ebpf_for_windows section/);
  });

  it('uses the headers the source includes', () => {
    const win = detectPlatform({
      sectionNames: ['xdp'],
      sourceText: '#include "bpf_helpers.h"\n#include "ebpf_nethooks.h"\n',
    });
    assert.equal(win.platform.id, 'windows');
    assert.match(win.reason, /ebpf_nethooks\.h/);
    assert.equal(id({ sectionNames: ['xdp'], sourceText: '#  include <xdp_hooks.h>' }), 'windows');
    assert.equal(id({ sectionNames: ['xdp'], sourceText: '#include "../include/bpf_helpers_platform.h"' }), 'windows');
    const lin = detectPlatform({
      sectionNames: ['xdp'],
      sourceText: '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>',
    });
    assert.equal(lin.platform.id, 'linux');
    assert.match(lin.reason, /<linux\/bpf\.h>/);
  });

  it('ignores includes inside comments only when they are not at a line start', () => {
    assert.deepEqual(includedHeaders('// #include <linux/bpf.h>\n#include "a.h"\n'), ['a.h']);
  });

  it('uses platform-only section names', () => {
    const bind = detectPlatform({ sectionNames: ['.text', 'bind', '.maps'] });
    assert.equal(bind.platform.id, 'windows');
    assert.match(bind.reason, /"bind" exists only on eBPF for Windows/);
    assert.equal(id({ sectionNames: ['cgroup/connect_authorization4'] }), 'windows');
    assert.equal(id({ sectionNames: ['sample_ext/0'] }), 'windows');
    assert.equal(id({ sectionNames: ['kprobe/do_sys_open'] }), 'linux');
    assert.equal(id({ sectionNames: ['tracepoint/syscalls/sys_enter_openat'] }), 'linux');
    assert.equal(id({ sectionNames: ['tc'] }), 'linux');
    assert.equal(id({ sectionNames: ['socket'] }), 'linux');
    assert.equal(id({ sectionNames: ['cgroup_skb/ingress'] }), 'linux');
    assert.match(detectPlatform({ sectionNames: ['tp/sched/x'] }).reason, /only on Linux/);
  });

  it('falls back to the documented default and says so', () => {
    const d = detectPlatform({ sectionNames: ['xdp', '.maps', '.BTF'] });
    assert.equal(d.platform.id, 'windows');
    assert.match(d.reason, /default/);
    assert.match(detectPlatform({ sectionNames: [], setting: 'auto' }).reason, /default/);
    // Shared section names do not decide.
    assert.match(detectPlatform({ sectionNames: ['cgroup/connect4', 'sockops'] }).reason, /default/);
  });
});

describe('profileById', () => {
  it('returns the profiles and rejects unknown ids with a clear error', () => {
    assert.equal(profileById('windows').id, 'windows');
    assert.equal(profileById('linux').id, 'linux');
    assert.throws(() => profileById('macos'), /unknown platform "macos"/);
  });
});
