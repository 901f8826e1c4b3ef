// The hostile-folder vectors over the language server's stdio, as the issue reproduced them: a
// workspace whose settings and compile_commands.json name a plug-in. The marker plug-in must not
// load, each refusal is a `refused-clang-flag` warning naming the flag, and in Restricted Mode
// (workspaceTrusted: false) the settings are not even considered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findClang } from '../../core/toolchain/compile';
import { buildMarkerPlugin, type MarkerPlugin } from '../support/markerPlugin';
import { LspSession, uriOf } from './lspHarness';

const plugin = buildMarkerPlugin();
const skip = findClang(undefined).kind !== 'found' ? 'clang is not installed' : 'skip' in plugin ? plugin.skip : false;
if (skip) console.log(`# skipped: hostile folder over LSP: ${skip}`);

const SOURCE =
  '#define SEC(x) __attribute__((section(x), used))\nSEC("xdp") int pass(void *ctx) { return 2; }\nchar _license[] SEC("license") = "GPL";\n';

describe('language server: nothing from a folder runs code', { skip }, () => {
  let p: MarkerPlugin;
  let ws: string;
  before(() => {
    p = plugin as MarkerPlugin;
    ws = path.join(p.dir, 'hostile ws');
    fs.mkdirSync(ws, { recursive: true });
    fs.writeFileSync(path.join(ws, 'prog.c'), SOURCE);
    fs.writeFileSync(
      path.join(ws, 'compile_commands.json'),
      JSON.stringify([
        {
          directory: ws,
          file: 'prog.c',
          arguments: ['cc', `-Wp,-load,${p.sharedObject}`, '-DFROM_DB', '-c', 'prog.c'],
        },
      ]),
    );
  });
  after(() => fs.rmSync(path.join(ws, 'compile_commands.json'), { force: true }));

  for (const trusted of [true, false]) {
    it(`${trusted ? 'trusted' : 'Restricted Mode'}: refusals are warnings naming the flag; no plug-in loads`, async () => {
      p.reset();
      const t = await LspSession.start(
        {
          debounceMs: 0,
          workspaceTrusted: trusted,
          extraArgs: [`-fplugin=${p.sharedObject}`, '-Xclang', '-load', '-Xclang', p.sharedObject, '-DFROM_SETTINGS'],
        },
        ws,
      );
      try {
        const uri = uriOf(ws, 'prog.c');
        t.open(uri, SOURCE);
        const diags = await t.diagnosticsFor(uri, 1);
        const refused = diags.filter((d) => d.code === 'refused-clang-flag').map((d) => d.message);
        assert.equal(p.loaded(), false, 'the plug-in constructor ran');
        assert.ok(
          refused.some((m) => m.includes(`"-Wp,-load,${p.sharedObject}"`) && m.includes('compile_commands.json')),
          JSON.stringify(refused),
        );
        if (trusted) {
          assert.ok(
            refused.some((m) => m.includes(`"-fplugin=${p.sharedObject}"`) && m.includes('ebpf.clang.extraArgs')),
          );
          assert.ok(refused.some((m) => m.includes('"-Xclang"')));
        } else {
          assert.ok(!refused.some((m) => m.includes('ebpf.clang.extraArgs')), 'extraArgs reached the server untrusted');
        }
        assert.ok(
          diags.every((d) => d.severity !== 1),
          `unexpected errors: ${JSON.stringify(diags)}`,
        );
      } finally {
        await t.stop();
      }
    });
  }
});
