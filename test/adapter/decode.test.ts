// Packet decoding and the expression language, without a VM.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseHexPacket } from '../../debug-adapter/launch';
import { ipv6Text, parseIpv6 } from '../../core/net/ipv6';
import { decodePacket, internetChecksum } from '../../debug-adapter/packetDecode';
import {
  evaluateExpression,
  ExpressionError,
  interpolateLogMessage,
  type ExpressionEnv,
} from '../../debug-adapter/expression';
import { examples } from './harness';
import { at } from '../support/at';

const hex = (s: string): Uint8Array => parseHexPacket(s, 'test');

describe('packet decoding', () => {
  it('decodes the examples: TCP SYN, UDP, ARP', () => {
    const syn = decodePacket(hex(fs.readFileSync(path.join(examples, 'packets', 'lb-tcp-syn.hex'), 'utf8')));
    assert.deepEqual(
      syn.map((f) => f.name),
      ['Ethernet', 'IPv4', 'TCP', 'bytes'],
    );
    assert.equal(at(syn, 2).value, '40000 → 80 [SYN]');
    const udp = decodePacket(hex(fs.readFileSync(path.join(examples, 'packets', 'lb-udp.hex'), 'utf8')));
    assert.equal(at(udp, 2).name, 'UDP');
    assert.match(at(udp, 2).value, /→ 53, length/);
    const arp = decodePacket(hex(fs.readFileSync(path.join(examples, 'packets', 'arp.hex'), 'utf8')));
    assert.equal(at(arp, 1).name, 'ARP');
    assert.equal(at(arp, 1).value, 'request: who has 10.0.0.100? tell 192.168.1.10');
  });

  it('decodes VLAN, IPv6 and ICMPv6, and says where a truncated header stops', () => {
    const eth = '020000000001 02000000000a 8100 0064 86dd';
    const ip6 = '60000000 0008 3a 40 20010db8000000000000000000000001 20010db8000000000000000000000002';
    const icmp = '8000 1234 0001 0002';
    const f = decodePacket(hex(eth + ip6 + icmp));
    assert.deepEqual(
      f.map((x) => x.name),
      ['Ethernet', 'VLAN (802.1Q)', 'IPv6', 'ICMPv6', 'bytes'],
    );
    assert.equal(at(f, 1).value, 'id 100');
    assert.equal(at(f, 2).value, '2001:db8::1 → 2001:db8::2, ICMPv6');
    assert.equal(at(f, 3).value, 'echo request');
    const cut = decodePacket(hex('020000000001 02000000000a 0800 4500 0028'));
    assert.equal(at(cut, 1).name, 'IPv4');
    assert.match(at(cut, 1).value, /truncated: needs 20 bytes at offset 14, the packet has 4/);
  });

  it('IPv6 text and checksums follow the RFCs', () => {
    assert.equal(ipv6Text(hex('00000000000000000000000000000001'), 0), '::1');
    assert.equal(ipv6Text(hex('fe800000000000000000000000000000'), 0), 'fe80::');
    assert.equal(ipv6Text(hex('20010db8000100000001000000000001'), 0), '2001:db8:1:0:1::1');
    // Text back to bytes: compressed and full forms alike; anything else is no address.
    for (const [text, bytes] of [
      ['::1', '00000000000000000000000000000001'],
      ['fe80::', 'fe800000000000000000000000000000'],
      ['2001:db8:1:0:1::1', '20010db8000100000001000000000001'],
      ['2001:db8:1:0:1:0:0:1', '20010db8000100000001000000000001'],
    ] as const)
      assert.deepEqual(parseIpv6(text), hex(bytes), text);
    for (const bad of ['1::2::3', '12345::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', 'g::1', '1:2:3:4::5:6:7:8'])
      assert.equal(parseIpv6(bad), undefined, bad);
    // RFC 1071's example header sums to zero with its checksum in place.
    const header = hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7');
    assert.equal(internetChecksum(header, 0, 20), 0);
  });

  it('hex packets accept separators and comments and reject the rest clearly', () => {
    assert.deepEqual([...hex('02:00-0a # comment\n0x0b ff')], [2, 0, 10, 11, 255]);
    assert.throws(() => hex('02 0g'), /'g' at character 5 is not a hex digit/);
    assert.throws(() => hex('# only a comment'), /no bytes given/);
  });
});

describe('expressions', () => {
  const memory = new Uint8Array([0x11, 0x22, 0x33, 0x44, 0xff, 0xff, 0xff, 0xff]);
  const env: ExpressionEnv = {
    register: (i) => (i === 1 ? 0x10000000000n : i === 2 ? 0xfffffffffffffffen : BigInt(i)),
    pc: 7,
    readMemory: (a, size) => {
      const off = Number(a - 0x10000000000n);
      if (off < 0 || off + size > memory.length) throw new Error(`cannot read ${size} bytes at 0x${a.toString(16)}`);
      return memory.slice(off, off + size);
    },
    namedValue: (n) => (n === 'ctx.len' ? 54n : undefined),
    mapKeySize: (n) => (n === 'counts' ? 4 : n === 'wide' ? 12 : undefined),
    mapLookup: (_map, key) => (key[0] === 3 ? 0x20000000000n : 0n),
  };
  const ev = (s: string): bigint => evaluateExpression(s, env).value;

  it('follows C precedence and 64-bit arithmetic', () => {
    assert.equal(ev('1 + 2 * 3'), 7n);
    assert.equal(ev('(1 + 2) * 3'), 9n);
    assert.equal(ev('1 << 4 | 1'), 17n);
    assert.equal(ev('r3 == 3 && r4 != 3'), 1n);
    assert.equal(ev('r2 < 0'), 1n, 'comparisons are signed');
    assert.equal(ev('-1'), 0xffffffffffffffffn);
    assert.equal(ev('w2'), 0xfffffffen);
    assert.equal(ev('(u8)r2'), 0xfen);
    assert.equal(ev('(s8)r2'), 0xfffffffffffffffen);
    assert.equal(ev('pc'), 7n);
    assert.equal(ev('r3 > 2 ? 10 : 20'), 10n);
    assert.equal(ev('ctx.len + ctx->len'), 108n);
  });

  it('reads memory through typed pointers', () => {
    assert.equal(ev('*(u32*)r1'), 0x44332211n);
    assert.equal(ev('*(u16*)(r1 + 2)'), 0x4433n);
    assert.equal(ev('*(s32*)(r1 + 4)'), 0xffffffffffffffffn);
    assert.equal(ev('*(unsigned int *)(r1 + 4)'), 0xffffffffn);
    assert.equal(ev('((u8*)r1)[3]'), 0x44n);
    assert.throws(() => ev('*(u64*)(r1 + 4)'), /cannot read 8 bytes/);
  });

  it('looks maps up like bpf_map_lookup_elem', () => {
    assert.equal(ev('counts[3]'), 0x20000000000n);
    assert.equal(ev('counts[4]'), 0n);
    assert.deepEqual(evaluateExpression('counts[3]', env).lookup?.key, new Uint8Array([3, 0, 0, 0]));
    assert.throws(() => ev('wide[1]'), /12-byte keys: give the key as a hex string/);
    assert.throws(() => ev('wide["0011"]'), /has 12-byte keys; "0011" is 2 bytes/);
  });

  it('reports errors with their column', () => {
    assert.throws(() => ev('r1 +'), /incomplete/);
    assert.throws(() => ev('r1 $ 2'), /unexpected '\$' at column 4/);
    assert.throws(() => ev('r11'), /there is no register r11/);
    assert.throws(() => ev('foo'), /unknown name 'foo'/);
    assert.throws(() => ev('1 / 0'), ExpressionError);
    assert.throws(() => ev(''), /empty expression/);
  });

  it('interpolates logpoint messages', () => {
    assert.equal(
      interpolateLogMessage('len={ctx.len} r3={r3} bad={nope}', env),
      "len=54 r3=3 bad=<unknown name 'nope' (registers are r0..r10; maps are indexed like nope[0])>",
    );
  });
});
