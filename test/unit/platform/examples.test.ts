// Every example compiles with clang; the Linux one loads into the kernel; the sample packets,
// the pcap and launch.json are consistent with each other.
import { strict as assert } from 'node:assert';
import { APT, externalSkip } from '../../support/skip';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectPlatform } from '../../../core/platform/index';
import { clangMissing, compile, examplesDir, includeDir, linuxIncludeFlags, tempDir, windowsFlags } from './clang';

const sources = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.c'));
const isLinux = (file: string) =>
  /#include <linux\/bpf\.h>/.test(fs.readFileSync(path.join(examplesDir, file), 'utf8'));

function sectionNames(object: string): string[] {
  const r = spawnSync('llvm-objdump', ['-h', object], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return [...r.stdout.matchAll(/^\s*\d+\s+(\S+)/gm)].map(([, name = '']) => name);
}

describe('examples compile', () => {
  it('has the examples the README promises', () => {
    for (const f of ['xdp_load_balancer.c', 'bind_monitor.c', 'unsafe.c', 'linux_xdp_counter.c'])
      assert.ok(sources.includes(f), f);
  });

  for (const file of sources) {
    it(`${file} compiles with clang (-Wall, no warnings) and detects its platform`, (t) => {
      const missing = clangMissing();
      if (missing) return t.skip(missing);
      const linux = isLinux(file);
      const r = compile({ file: path.join(examplesDir, file) }, linux ? linuxIncludeFlags : windowsFlags);
      assert.ok(r.ok, r.stderr);
      assert.equal(r.stderr.trim(), '', `warnings: ${r.stderr}`);
      const sections = sectionNames(r.object);
      if (sections.length > 0) {
        assert.equal(sections.includes('.ebpf_for_windows'), !linux, `${file} marker section`);
        const sourceText = fs.readFileSync(path.join(examplesDir, file), 'utf8');
        assert.equal(detectPlatform({ sectionNames: sections, sourceText }).platform.id, linux ? 'linux' : 'windows');
      }
    });
  }

  it('every include/ header compiles on its own', (t) => {
    const missing = clangMissing();
    if (missing) return t.skip(missing);
    const headers = [
      'bpf_helpers.h',
      'xdp_hooks.h',
      'ebpf_nethooks.h',
      'ebpf_ntos_hooks.h',
      'ebpf_structs.h',
      'bpf_endian.h',
      'net/if_ether.h',
      'net/ip.h',
      'net/tcp.h',
      'net/udp.h',
    ];
    for (const h of headers) {
      assert.ok(fs.existsSync(path.join(includeDir, h)), h);
      const r = compile({ text: `#include "${h}"\n#include "${h}"\nint x;\n` }, windowsFlags);
      assert.ok(r.ok, `${h}: ${r.stderr}`);
    }
  });

  it('the Linux example loads into the kernel (bpftool prog load)', (t) => {
    const missing = clangMissing();
    if (missing) return t.skip(missing);
    if (typeof process.getuid === 'function' && process.getuid() !== 0)
      return t.skip(externalSkip('root (loading BPF programs needs CAP_BPF)', 'run the tests as root'));
    if (spawnSync('bpftool', ['version']).status !== 0) return t.skip(externalSkip('bpftool', APT.bpftool));
    if (!fs.existsSync('/sys/fs/bpf'))
      return t.skip(externalSkip('bpffs at /sys/fs/bpf', 'mount -t bpf bpf /sys/fs/bpf'));
    const r = compile({ file: path.join(examplesDir, 'linux_xdp_counter.c') }, linuxIncludeFlags, tempDir());
    assert.ok(r.ok, r.stderr);
    const pin = `/sys/fs/bpf/vscode_ebpf_example_${process.pid}`;
    const load = spawnSync('bpftool', ['prog', 'load', r.object, pin], { encoding: 'utf8' });
    try {
      if (load.status !== 0 && /Operation not permitted|permission denied/i.test(load.stderr))
        return t.skip(
          externalSkip(`permission to load BPF (${load.stderr.trim().split('\n').pop()})`, 'run the tests as root'),
        );
      assert.equal(load.status, 0, load.stderr);
      assert.ok(fs.existsSync(pin));
    } finally {
      fs.rmSync(pin, { force: true });
    }
  });
});

describe('sample packets', () => {
  const packetsDir = path.join(examplesDir, 'packets');
  const hexNames = ['lb-tcp-syn', 'lb-udp', 'non-service', 'arp'];

  function readPcap(file: string): Buffer[] {
    const b = fs.readFileSync(file);
    assert.equal(b.readUInt32LE(0), 0xa1b2c3d4, 'little-endian microsecond pcap magic');
    assert.equal(b.readUInt32LE(20), 1, 'link type Ethernet');
    const frames: Buffer[] = [];
    for (let off = 24; off < b.length;) {
      const incl = b.readUInt32LE(off + 8);
      frames.push(b.subarray(off + 16, off + 16 + incl));
      off += 16 + incl;
    }
    return frames;
  }

  function onesComplement(bytes: Buffer): number {
    let sum = 0;
    for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    return sum;
  }

  it('sample.pcap holds the .hex frames, in order', () => {
    const frames = readPcap(path.join(packetsDir, 'sample.pcap'));
    assert.equal(frames.length, hexNames.length);
    hexNames.forEach((name, i) => {
      const hex = fs.readFileSync(path.join(packetsDir, `${name}.hex`), 'utf8').trim();
      assert.equal(frames[i]?.toString('hex'), hex, name);
    });
  });

  it('IPv4 frames carry valid IP and TCP/UDP checksums and address the VIP as launch.json says', () => {
    for (const name of ['lb-tcp-syn', 'lb-udp', 'non-service']) {
      const f = Buffer.from(fs.readFileSync(path.join(packetsDir, `${name}.hex`), 'utf8').trim(), 'hex');
      assert.equal(f.readUInt16BE(12), 0x0800, name);
      const ip = f.subarray(14, 34);
      assert.equal(onesComplement(ip), 0xffff, `${name} IP checksum`);
      const l4 = f.subarray(34);
      const pseudo = Buffer.concat([
        ip.subarray(12, 20),
        Buffer.from([0, ip.readUInt8(9), l4.length >> 8, l4.length & 0xff]),
        l4,
      ]);
      assert.equal(onesComplement(pseudo), 0xffff, `${name} L4 checksum`);
    }
    const syn = Buffer.from(fs.readFileSync(path.join(packetsDir, 'lb-tcp-syn.hex'), 'utf8').trim(), 'hex');
    assert.equal([...syn.subarray(30, 34)].join('.'), '10.0.0.100');
    assert.equal(syn.readUInt16BE(36), 80);
  });

  it('launch.json is valid JSONC, uses the debugger attribute names and points at existing files', () => {
    const text = fs.readFileSync(path.join(examplesDir, '.vscode', 'launch.json'), 'utf8');
    const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as {
      configurations: (Record<string, string | undefined> & { name: string; type: string; request: string })[];
    };
    const allowed = new Set([
      'name',
      'type',
      'request',
      'program',
      'section',
      'function',
      'platform',
      'packet',
      'pcap',
      'frames',
      'ctx',
      'maps',
      'stopOnEntry',
    ]);
    assert.ok(json.configurations.length >= 5);
    for (const c of json.configurations) {
      assert.equal(c.type, 'ebpf');
      assert.equal(c.request, 'launch');
      for (const key of Object.keys(c)) assert.ok(allowed.has(key), `${c.name}: attribute ${key}`);
      for (const key of ['program', 'pcap']) {
        if (c[key]) assert.ok(fs.existsSync(c[key].replace('${workspaceFolder}', examplesDir)), `${c.name}: ${c[key]}`);
      }
      if (c.packet) {
        const known = hexNames.map((n) => fs.readFileSync(path.join(packetsDir, `${n}.hex`), 'utf8').trim());
        assert.ok(known.includes(c.packet), `${c.name}: packet is one of the sample frames`);
      }
    }
  });
});
