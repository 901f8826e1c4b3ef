// core/hex: the one hex codec. Every form people paste parses to the same bytes, mistakes are named
// with their place, and every consumer (F5 packet, `ebpf run --packet`, map JSON, conformance
// programs) goes through it, so a .hex file that loads under F5 also loads on the command line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatHex, HexError, isHexText, parseHex } from '../../../core/hex/index';
import { hexToBytes } from '../../../core/isa/decode';
import { bytesToHex } from '../../../core/isa/encode';
import { parseHexPacket } from '../../../debug-adapter/launch';
import { hexBytes } from '../../../debug-adapter/values';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../../cli/main';

const clangSkip = spawnSync('clang', ['--version']).status === 0 ? false : 'clang is not installed';

const THREE = [0x02, 0x00, 0xab];

describe('parseHex', () => {
  const forms = [
    '0200ab',
    '02 00 ab',
    '02:00:AB',
    '02-00-ab',
    '0x0200ab',
    '0x02 0x00 0xab',
    '0x02, 0x00, 0xab',
    '02 00 # ethernet\nab # more\n',
    '# header comment\n\t02\r\n00\r\nab\r\n',
  ];
  for (const text of forms) it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual([...parseHex(text)], THREE));

  it('names the bad character and its place', () => {
    assert.throws(() => parseHex('02 0g', { what: '--packet' }), {
      name: 'HexError',
      message: /^--packet: 'g' at character 5 is not a hex digit/,
    });
    assert.throws(() => parseHex('02\n00 zz'), /'z' at line 2, column 4/);
    assert.throws(() => parseHex('100x20'), /'x' at character 4/);
  });
  it('rejects odd digit counts, empty text (unless allowed) and non-strings', () => {
    assert.throws(() => parseHex('020'), /odd number of hex digits \(3\)/);
    assert.throws(() => parseHex('  # nothing\n'), /no bytes given/);
    assert.deepEqual([...parseHex('', { allowEmpty: true })], []);
    assert.throws(
      () => parseHex(7 as unknown as string, { what: "map 'm' key" }),
      (e: Error) => {
        return e instanceof HexError && /map 'm' key: expected a string of hex bytes, got 7/.test(e.message);
      },
    );
  });
  it('formats what it parses (round trip) and isHexText agrees with parseHex', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual(parseHex(formatHex(bytes)), bytes);
    assert.deepEqual(parseHex(formatHex(bytes, ':')), bytes);
    assert.equal(formatHex(Uint8Array.of(1, 0xfe), ' '), '01 fe');
    assert.equal(isHexText('02:00'), true);
    assert.equal(isHexText('packet.hex'), false);
  });
});

describe('every consumer uses the one codec', () => {
  const text = '# a .hex file\n02:00:ab # with separators and comments\n';
  it('conformance programs, the encoder and the adapter’s views read and write the same bytes', () => {
    assert.deepEqual([...hexToBytes(text)], THREE);
    assert.equal(bytesToHex(Uint8Array.from(THREE)), '0200ab');
    assert.equal(hexBytes(Uint8Array.from(THREE)), '0200ab');
    assert.deepEqual([...parseHexPacket(text, 'packet')], THREE);
    assert.throws(() => parseHexPacket('0g', "launch attribute 'packet'"), {
      name: 'LaunchError',
      message: /^launch attribute 'packet': 'g' at character 2/,
    });
  });
  it('`ebpf run --packet` accepts the .hex file and the inline forms F5 accepts', { skip: clangSkip }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hex-'));
    // An XDP program returning the packet's length (no headers needed).
    const source = path.join(dir, 'len.c');
    fs.writeFileSync(
      source,
      `struct xdp_md { unsigned int data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex; };
__attribute__((section("xdp"), used)) int len(struct xdp_md *ctx) { return ctx->data_end - ctx->data; }
char _license[] __attribute__((section("license"), used)) = "GPL";
`,
    );
    const object = path.join(dir, 'len.o');
    const cc = spawnSync('clang', ['-target', 'bpf', '-O2', '-c', source, '-o', object], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const hexFile = path.join(dir, 'p.hex');
    fs.writeFileSync(hexFile, text);
    for (const packet of [hexFile, '02:00:ab', '0x02 0x00 0xab']) {
      let out = '';
      let err = '';
      const code = runCli(['run', object, '--platform', 'linux', '--packet', packet], {
        stdout: (t) => void (out += t),
        stderr: (t) => void (err += t),
        readFile: (p) => new Uint8Array(fs.readFileSync(p)),
        readText: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
      });
      assert.equal(code, 0, `${packet}: ${err}`);
      assert.match(out, /packet: XDP_TX \(3\)/, packet);
    }
  });
});
