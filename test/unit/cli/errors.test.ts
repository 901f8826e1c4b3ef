// The `ebpf` command line as people expect it: --help per command, --version, errors that name the
// option, JSON errors on every path of --json / --format json, and bad input (devices, bad hex,
// bad seeds, maps JSON of the wrong shape, truncated captures) answered with one clear line.
// Runs on a checked-in object, so it needs no clang.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { COMMANDS } from '../../../cli/help';
import { version } from '../../../package.json';
import { OBJECTS_DIR } from '../../support/objects';
import { externalSkip } from '../../support/skip';
import { at } from '../../support/at';

const OBJ = path.join(OBJECTS_DIR, 'linux-xdp_count.o');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-cli-errors-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
// An Ethernet + IPv4 header: enough for the XDP program to run.
const PACKET = '020000000001020000000002080045000014000000004006000000000000000000000000';

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = runCli(args, io);
  return { code, stdout, stderr };
}

/** One line on stderr, exit 2, nothing on stdout, no stack trace; returns the line. */
function oneLineError(args: string[]): string {
  const r = run(args);
  assert.equal(r.code, 2, `${args.join(' ')}: exit code (stdout ${r.stdout})`);
  assert.equal(r.stdout, '', args.join(' '));
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  return at(lines, 0);
}

/** With --json: exit 2, nothing on stderr, `{"error": {code, message}}` on stdout. */
function jsonError(args: string[]): { code: string; message: string } {
  const r = run(args);
  assert.equal(r.code, 2, `${args.join(' ')}: exit code`);
  assert.equal(r.stderr, '', args.join(' '));
  const json = JSON.parse(r.stdout) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(json), ['error']);
  assert.ok(['usage', 'input', 'internal'].includes(json.error.code), r.stdout);
  return json.error;
}

function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

describe('ebpf help and version', () => {
  it('--version prints the package version', () => {
    for (const flag of ['--version', '-V'])
      assert.deepEqual(run([flag]), { code: 0, stdout: `ebpf ${version}\n`, stderr: '' });
  });

  it('<command> --help prints that command with its options, for every command', () => {
    for (const c of COMMANDS) {
      for (const args of [
        [c.name, '--help'],
        [c.name, '-h'],
        ['help', c.name],
        [c.name, OBJ, '--help'],
      ]) {
        const r = run(args);
        assert.equal(r.code, 0, args.join(' '));
        assert.match(r.stdout, new RegExp(`^Usage: ebpf ${c.name}`), args.join(' '));
        assert.match(r.stdout, /\nOptions:\n/);
      }
    }
    assert.match(run(['run', '--help']).stdout, /--seed N +seed of bpf_get_prandom_u32/);
    // Options may come before the command.
    assert.match(run(['--help', 'verify']).stdout, /^Usage: ebpf verify/);
    assert.equal(run(['--platform', 'linux', 'info', OBJ, '--json']).code, 0);
    assert.match(oneLineError(['--platform', 'linux']), /no command given/);
  });

  it('--help lists every command; no command at all prints usage on stderr, exit 2', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c.name}\\b`, 'm'));
    const none = run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^Usage: ebpf/);
  });

  it("completion bash offers the commands and each command's flags", () => {
    const r = run(['completion', 'bash']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /complete -o filenames -F _ebpf ebpf/);
    assert.match(r.stdout, /run\) flags="[^"]*--seed[^"]*"/);
    assert.match(oneLineError(['completion', 'fish']), /completion takes one shell name: bash/);
  });
});

describe('ebpf errors name what is wrong', () => {
  it('names the offending option or command', () => {
    assert.match(oneLineError(['info', OBJ, '--bogus']), /Unknown option '--bogus' \(see ebpf info --help\)/);
    assert.match(oneLineError(['run', OBJ, '--section']), /'--section <value>' argument missing/);
    assert.match(oneLineError(['disasm', OBJ, '--syntax', 'intel']), /--syntax: unknown syntax 'intel'/);
    assert.match(oneLineError(['verify', OBJ, '--format', 'xml']), /--format: unknown format 'xml'/);
    assert.match(oneLineError(['frob']), /unknown command 'frob' \(commands: info, disasm, run/);
    assert.match(oneLineError(['info']), /info takes exactly one object file, got none/);
    assert.match(oneLineError(['info', OBJ, '--platform', 'mars']), /--platform: unknown platform 'mars'/);
    assert.match(
      oneLineError(['run', OBJ, '--platform', 'mars', '--packet', PACKET]),
      /--platform: unknown platform 'mars'/,
    );
    assert.match(
      oneLineError([
        'run',
        OBJ,
        '--pcap',
        path.resolve(__dirname, '../../../examples/packets/sample.pcap'),
        '--frames',
        '9x',
      ]),
      /^ebpf: --frames: bad frame range '9x'/,
    );
  });

  it('--seed, --budget and --packet values are checked', () => {
    for (const seed of ['abc', '=-1', '=1.5', '=4294967296', '='])
      assert.match(
        oneLineError([
          'run',
          OBJ,
          '--packet',
          PACKET,
          seed.startsWith('=') ? `--seed${seed}` : '--seed',
          ...(seed.startsWith('=') ? [] : [seed]),
        ]),
        /--seed must be an integer from 0 to 4294967295/,
      );
    assert.equal(run(['run', OBJ, '--packet', PACKET, '--seed', '4294967295']).code, 0);
    assert.match(
      oneLineError(['run', OBJ, '--packet', PACKET, '--budget', '1e3']),
      /--budget must be a positive integer/,
    );
    assert.equal(
      oneLineError(['run', OBJ, '--packet', 'zzzz']),
      "ebpf: --packet: 'zzzz' is neither hex bytes nor an existing file",
    );
    assert.match(oneLineError(['run', OBJ, '--packet', 'abc']), /^ebpf: --packet: odd number of hex digits/);
  });

  it('devices and folders are refused instead of read until memory runs out', (t) => {
    const device = '/dev/zero';
    if (!fs.existsSync(device)) return t.skip(externalSkip(device, 'run on Linux or macOS'));
    for (const args of [
      ['run', OBJ, '--pcap', device],
      ['run', OBJ, '--packet', device],
      ['run', OBJ, '--packet', PACKET, '--maps', device],
      ['info', device],
      ['info', dir],
    ])
      assert.match(oneLineError(args), /: not a regular file \((a device, FIFO or socket|a folder)\)$/, args.join(' '));
  });

  it('maps JSON of the wrong shape says where', () => {
    const cases: [string, RegExp][] = [
      ['null', /--maps: maps JSON is null/],
      ['42', /--maps: maps JSON is a number/],
      ['[1]', /item 0 is a number, not a map with a "name"/],
      ['{"protocol_counts": null}', /map 'protocol_counts' is null, not a list of entries/],
      ['{"protocol_counts": {"entries": 5}}', /"entries" is a number, not an array/],
      ['{"protocol_counts": {"items": 5}}', /"items" must be an array of hex strings/],
      ['{"protocol_counts": [null]}', /entry 0 is null/],
      ['{"protocol_counts": [{"key": 1}]}', /entry 0 has no "key" hex string/],
      ['{"protocol_counts": [{"key": "0800"}]}', /entry 0 needs "value"/],
      ['{"protocol_counts": [{"key": "0800", "value": "zz"}]}', /protocol_counts/],
      ['{"nope": []}', /names 'nope', which the program does not declare/],
      ['{"protocol_counts": [', /--maps: invalid JSON/],
    ];
    for (const [json, expected] of cases)
      assert.match(oneLineError(['run', OBJ, '--packet', PACKET, '--maps', json]), expected, json);
    // 100,000 levels of nesting: refused at the first wrong level, no stack overflow.
    const deep = file('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    assert.match(oneLineError(['run', OBJ, '--packet', PACKET, '--maps', deep]), /item 0 is an array/);
    const deepObject = file('deep2.json', '{"protocol_counts":'.repeat(50_000) + '1' + '}'.repeat(50_000));
    assert.match(
      oneLineError(['run', OBJ, '--packet', PACKET, '--maps', deepObject]),
      /map 'protocol_counts': unknown field 'protocol_counts'/,
    );
  });

  it('truncated pcapng blocks are named, not read past', () => {
    const shb = [0x0a0d0d0a, 28, 0x1a2b3c4d, 0x00000001, 0xffffffff, 0xffffffff, 28];
    const u32 = (words: number[]) => {
      const b = new Uint8Array(words.length * 4);
      words.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w >>> 0, true));
      return b;
    };
    const idbShort = file('idb.pcapng', u32([...shb, 1, 12, 12]));
    assert.match(
      oneLineError(['run', OBJ, '--pcap', idbShort]),
      /interface description block at byte 28 is truncated \(12 bytes, at least 20 needed\)/,
    );
    const idb = [1, 20, 1, 0, 20];
    const epbShort = file('epb.pcapng', u32([...shb, ...idb, 6, 16, 0, 16]));
    assert.match(oneLineError(['run', OBJ, '--pcap', epbShort]), /enhanced packet block at byte 48 is truncated/);
    const cut = file('cut.pcapng', u32([...shb, ...idb, 6, 64, 0]));
    assert.match(oneLineError(['run', OBJ, '--pcap', cut]), /pcapng block at byte 48 has invalid length 64/);
  });
});

describe('ebpf --json / --format json: every error is JSON on stdout', () => {
  it('usage, input and load errors of every command', () => {
    const garbage = file('garbage.o', 'not an ELF object at all..................................................');
    const cases: [string[], string, RegExp][] = [
      [['info', OBJ, '--json', '--bogus'], 'usage', /Unknown option '--bogus'/],
      [['info', '/nonexistent/x.o', '--json'], 'input', /cannot read file \(ENOENT\)/],
      [['info', garbage, '--json'], 'input', /garbage\.o/],
      [['disasm', garbage, '--json'], 'input', /garbage\.o/],
      [['disasm', OBJ, '--json', '--section', 'nope'], 'input', /no program matches section 'nope'/],
      [['run', OBJ, '--json'], 'usage', /run needs an input/],
      [['run', OBJ, '--json', '--packet', PACKET, '--seed', 'abc'], 'usage', /--seed/],
      [['run', OBJ, '--json', '--packet', PACKET, '--maps', 'null'], 'input', /maps JSON is null/],
      [['verify', '/nonexistent/x.o', '--format', 'json'], 'input', /ENOENT/],
      [['verify', '/nonexistent/x.o', '--format=json'], 'input', /ENOENT/],
      [['verify', OBJ, '--json', '--time-budget', '0'], 'usage', /--time-budget/],
      [['frob', '--json'], 'usage', /unknown command 'frob'/],
    ];
    for (const [args, code, message] of cases) {
      const e = jsonError(args);
      assert.equal(e.code, code, args.join(' '));
      assert.match(e.message, message, args.join(' '));
    }
  });

  it('successful paths of --json are JSON too', () => {
    for (const args of [
      ['info', OBJ, '--json'],
      ['disasm', OBJ, '--json'],
      ['run', OBJ, '--packet', PACKET, '--json'],
      ['verify', OBJ, '--json'],
    ]) {
      const r = run(args);
      assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')}: ${r.stdout}`);
      assert.equal(r.stderr, '');
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.ok(!('error' in json), args.join(' '));
    }
    const d = JSON.parse(run(['disasm', OBJ, '--json']).stdout) as {
      programs: { section: string; instructions: { pc: number; text: string }[] }[];
    };
    assert.equal(at(d.programs, 0).section, 'xdp');
    assert.equal(at(d.programs, 0).instructions.length, 30);
    assert.equal(at(d.programs, 0).instructions.at(-1)?.text, 'exit');
  });
});
