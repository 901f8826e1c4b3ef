// Language server over stdio: how the compile is set up — quoted includes next to the file,
// compile_commands.json flags, errors inside headers, missing debug info and its quick fix.

import { after, before, describe, it } from 'node:test';
import { APT, externalSkip } from '../support/skip';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { findClang } from '../../core/toolchain/compile';
import { LspSession, uriOf } from './lspHarness';
import { LINUX_SAFE } from './fixtures';

const noClang = findClang(undefined).kind === 'found' ? false : externalSkip('clang', APT.clang);

describe('compile setup through the language server (stdio)', { skip: noClang }, () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-tc-'));
  const src = path.join(ws, 'src');
  fs.mkdirSync(src);
  let s: LspSession;
  before(async () => {
    s = await LspSession.start({ debounceMs: 0 }, ws);
  });
  after(async () => s?.stop());

  it('resolves #include "x.h" next to the real file although clang reads a temp copy', async () => {
    fs.writeFileSync(path.join(src, 'limits.h.inc'), '#define LIMIT 7\n');
    fs.writeFileSync(
      path.join(src, 'local.h'),
      '#include "limits.h.inc"\n#define KEY_OF(ctx) ((ctx)->ingress_ifindex % LIMIT)\n',
    );
    const uri = uriOf(src, 'quoted.c');
    s.open(
      uri,
      LINUX_SAFE.replace('#include <bpf/bpf_helpers.h>', '#include <bpf/bpf_helpers.h>\n#include "local.h"').replace(
        'ctx->ingress_ifindex;',
        'KEY_OF(ctx);',
      ),
    );
    assert.deepEqual(await s.diagnosticsFor(uri, 1), []);
  });

  it('shows an error inside an included header on the #include line, with the header location related', async () => {
    fs.writeFileSync(path.join(src, 'broken.h'), '// a header with a mistake\nint broken = ;\n');
    const text = LINUX_SAFE.replace(
      '#include <bpf/bpf_helpers.h>',
      '#include <bpf/bpf_helpers.h>\n#include "broken.h"',
    );
    const uri = uriOf(src, 'header-error.c');
    s.open(uri, text);
    const diags = await s.diagnosticsFor(uri, 1);
    const err = diags.find((d) => d.severity === 1);
    assert.ok(err, JSON.stringify(diags));
    assert.equal(err.range.start.line, 2);
    assert.match(err.message, /^In included file broken\.h:2: expected expression/);
    assert.equal(err.relatedInformation?.[0]?.location.range.start.line, 1);
    assert.ok(err.relatedInformation?.[0].location.uri.endsWith('/src/broken.h'));
  });

  it('takes defines and include paths from compile_commands.json', async () => {
    const inc = path.join(ws, 'third_party');
    fs.mkdirSync(inc, { recursive: true });
    fs.writeFileSync(path.join(inc, 'vendor.h'), '#define VENDOR_VALUE 3\n');
    const file = path.join(src, 'db.c');
    fs.mkdirSync(path.join(ws, 'build'), { recursive: true });
    fs.writeFileSync(
      path.join(ws, 'build', 'compile_commands.json'),
      JSON.stringify([
        {
          directory: path.join(ws, 'build'),
          file: '../src/db.c',
          arguments: ['clang', '-I../third_party', '-DFROM_DB=1', '-c', '../src/db.c', '-o', 'db.o'],
        },
      ]),
    );
    const text = LINUX_SAFE.replace(
      '#include <bpf/bpf_helpers.h>',
      '#include <bpf/bpf_helpers.h>\n#include <vendor.h>\n#if !FROM_DB\n#error not from the database\n#endif',
    ).replace('*value += 1;', '*value += VENDOR_VALUE;');
    const uri = uriOf(src, 'db.c');
    s.open(uri, text);
    assert.deepEqual(await s.diagnosticsFor(uri, 1), []);
    // The same text under another name has no database entry: the #error fires.
    const other = uriOf(src, 'not-in-db.c');
    s.open(other, text);
    assert.ok((await s.diagnosticsFor(other, 1)).some((d) => d.source === 'clang' && d.severity === 1));
    assert.ok(fs.existsSync(file) === false, "the server never writes next to the user's file");
  });

  it('analyses a header that holds a program as C', async () => {
    const uri = uriOf(src, 'program_in_header.h');
    s.open(uri, LINUX_SAFE);
    assert.deepEqual(await s.diagnosticsFor(uri, 1), []);
    const info = await s.conn.sendRequest<{
      programs: { name: string }[];
    }>('ebpf/programInfo', { textDocument: { uri } });
    assert.deepEqual(
      info.programs.map((p) => p.name),
      ['count_packets'],
    );
  });

  it('without debug info: a warning at the SEC line and a quick fix that adds -g', async () => {
    const t = await LspSession.start({ debounceMs: 0, extraArgs: ['-g0'] }, ws);
    try {
      const noMaps =
        '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n\nSEC("xdp")\nint pass(struct xdp_md *ctx)\n{\n    return XDP_PASS;\n}\n';
      const uri = uriOf(src, 'nog.c');
      t.open(uri, noMaps);
      const diags = await t.diagnosticsFor(uri, 1);
      const missing = diags.find((d) => d.code === 'missing-line-info');
      assert.ok(missing, JSON.stringify(diags));
      assert.equal(missing.range.start.line, 3);
      const actions = await t.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: missing.range,
        context: { diagnostics: [missing] },
      });
      assert.deepEqual(actions[0]?.command?.arguments, ['-g']);
      assert.equal(actions[0]?.command?.command, 'ebpf.addClangArg');
      // With BTF-defined maps the loader itself needs BTF: the same fix is offered on its error.
      const withMaps = uriOf(src, 'nog-maps.c');
      t.open(withMaps, LINUX_SAFE);
      const loaderDiag = (await t.diagnosticsFor(withMaps, 1)).find((d) => d.source === 'ebpf-loader');
      assert.ok(loaderDiag);
      const fixes = await t.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: withMaps },
        range: loaderDiag.range,
        context: { diagnostics: [loaderDiag] },
      });
      assert.equal(fixes[0]?.command?.command, 'ebpf.addClangArg');
      // After the fix is applied (the client updates settings), the warning is gone.
      await t.conn.sendNotification('workspace/didChangeConfiguration', {
        settings: { ebpf: { debounceMs: 0, extraArgs: ['-g'] } },
      });
      await t.waitFor('re-analysis after the settings change', () => {
        const last = [...t.published].reverse().find((p) => p.uri === uri);
        return last && !last.diagnostics.some((d) => d.code === 'missing-line-info') ? true : undefined;
      });
    } finally {
      await t.stop();
    }
  });
});
