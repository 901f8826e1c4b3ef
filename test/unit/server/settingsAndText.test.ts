import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defined } from '../../support/at';
import manifest from '../../../package.json';
import { DEFAULT_SETTINGS, parseSettings } from '../../../server/settings';
import { clampPosition, codeExtent, findProgramLine, lineText, wordAt } from '../../../server/sourceText';
import { defaultReturn } from '../../../server/codeActions';
import { guessPlatform } from '../../../server/platformChoice';

describe('server settings', () => {
  it('accepts the wrapped didChangeConfiguration shape and validates fields', () => {
    const s = parseSettings({
      ebpf: { clangPath: ' /opt/clang ', includePaths: ['a', 3, ''], platform: 'windows', debounceMs: -5 },
    });
    assert.equal(s.clangPath, '/opt/clang');
    assert.deepEqual(s.includePaths, ['a']);
    assert.equal(s.platform, 'windows');
    assert.equal(s.debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.equal(parseSettings(null), DEFAULT_SETTINGS);
    assert.equal(parseSettings({ platform: 'macos' }).platform, 'auto');
  });
  it('reads the Linux loader privilege: only a real true makes it unprivileged', () => {
    assert.equal(DEFAULT_SETTINGS.linuxUnprivileged, false);
    assert.equal(parseSettings({ ebpf: { linuxUnprivileged: true } }).linuxUnprivileged, true);
    assert.equal(parseSettings({ linuxUnprivileged: 'yes' }).linuxUnprivileged, false);
  });
  it('drops what shapes the clang command line when the workspace is not trusted', () => {
    const raw = { clangPath: '/x/clang', includePaths: ['/x'], extraArgs: ['-DX'], platform: 'linux' };
    const untrusted = parseSettings({ ...raw, workspaceTrusted: false });
    assert.equal(untrusted.clangPath, undefined);
    assert.deepEqual(untrusted.includePaths, []);
    assert.deepEqual(untrusted.extraArgs, []);
    assert.equal(untrusted.platform, 'linux');
    const trusted = parseSettings({ ...raw, workspaceTrusted: true });
    assert.equal(trusted.clangPath, '/x/clang');
    assert.deepEqual(trusted.extraArgs, ['-DX']);
  });
  it('bounds the debounce by the manifest’s own declaration', () => {
    const section = manifest.contributes.configuration.find((c) => c.id === 'ebpf.verify');
    const declared = defined(
      (section?.properties as unknown as Record<string, { maximum: number; default: number } | undefined>)[
        'ebpf.verify.debounceMs'
      ],
      'ebpf.verify.debounceMs in package.json',
    );
    assert.equal(parseSettings({ debounceMs: 1e9 }).debounceMs, declared.maximum);
    assert.equal(DEFAULT_SETTINGS.debounceMs, declared.default);
    assert.equal(parseSettings({ debounceMs: declared.maximum - 1 }).debounceMs, declared.maximum - 1);
  });
  it('keeps the extension path when a later update omits it', () => {
    const first = parseSettings({ extensionPath: '/ext' });
    assert.equal(parseSettings({ debounceMs: 10 }, first).extensionPath, '/ext');
  });
});

describe('source text helpers', () => {
  const text = 'struct {} m SEC(".maps");\n\nSEC("xdp")\nint prog(void *ctx)\n{\n  return 0; // done\n}\n';
  it('finds the SEC line of a program, skipping other SECs', () => {
    assert.equal(findProgramLine(text, 'xdp', 'prog'), 2);
    assert.equal(findProgramLine(text, 'tc', 'prog'), 3, 'falls back to the function line');
    assert.equal(findProgramLine(text, 'tc', 'nothing'), undefined);
  });
  it('measures code on a line without indentation and comments, and words at a column', () => {
    assert.deepEqual(codeExtent('  return 0; // done'), { start: 2, end: 11 });
    assert.deepEqual(wordAt('  x = bpf_map_lookup_elem(&m)', 10), { word: 'bpf_map_lookup_elem', start: 6, end: 25 });
    assert.equal(wordAt('  1234 ', 3), undefined);
  });
  it('picks an early-return statement that compiles: void, symbolic when declared, else numeric', () => {
    const lines = ['void f(int *p)', '{', '  use(p);'];
    assert.equal(defaultReturn(lines.join('\n'), lines, 2, undefined), 'return;');
    const type = { returnValues: { 1: 'XDP_DROP', 2: 'XDP_PASS' } } as never;
    const xdp = ['int g(struct xdp_md *ctx)', '{', '  use();', '  return XDP_PASS;'];
    assert.equal(defaultReturn(xdp.join('\n'), xdp, 2, type), 'return XDP_PASS;');
    const bare = ['int g(struct xdp_md *ctx)', '{', '  use();'];
    assert.equal(defaultReturn(bare.join('\n'), bare, 2, type), 'return 2; /* XDP_PASS */');
  });
  it('guesses the platform from the source before compiling', () => {
    assert.equal(guessPlatform('#include <linux/bpf.h>\nSEC("xdp") int f(void*c){return 0;}', 'auto').id, 'linux');
    assert.equal(guessPlatform('#include "xdp_hooks.h"\n', 'auto').id, 'windows');
    const forced = guessPlatform('#include <linux/bpf.h>\n', 'windows');
    assert.deepEqual([forced.id, forced.source], ['windows', 'setting']);
  });
});

describe('positions from clients are clamped', () => {
  const text = 'int a;\nSEC("xdp") int f(void *ctx)\n';
  it('clampPosition keeps line and character inside the document', () => {
    assert.deepEqual(clampPosition(text, { line: 1, character: 100_000_000 }), { line: 1, character: 27 });
    assert.deepEqual(clampPosition(text, { line: 100_000_000, character: 3 }), { line: 2, character: 0 });
    assert.deepEqual(clampPosition(text, { line: -1, character: -5 }), { line: 0, character: 0 });
    assert.deepEqual(clampPosition(text, { line: 0.5, character: Number.NaN }), { line: 0, character: 0 });
  });
  it('wordAt past the end of the line finds the word at the end, not "undefined"', () => {
    assert.deepEqual(wordAt('return ctx', 100_000_000), { word: 'ctx', start: 7, end: 10 });
    assert.equal(wordAt('x = 1;', 100_000_000), undefined);
    assert.equal(wordAt('', -3), undefined);
  });
  it('lineText of a non-integer line is empty', () => {
    assert.equal(lineText(text, 0.5), '');
  });
});
