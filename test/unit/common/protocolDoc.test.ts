// docs/protocol.md must describe every ebpf/* message common/protocol.ts declares (and no others),
// the way rust-analyzer keeps lsp-extensions.md in step with its protocol module.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as protocol from '../../../common/protocol';
import { NotificationType, RequestType } from '../../../common/protocol';

const root = path.resolve(__dirname, '..', '..', '..');

describe('protocol documentation', () => {
  it('documents exactly the declared ebpf/* methods', () => {
    const declared = (Object.values(protocol) as unknown[])
      .filter(
        (v): v is RequestType<unknown, unknown, void> | NotificationType<unknown> =>
          v instanceof RequestType || v instanceof NotificationType,
      )
      .map((v) => v.method)
      .sort();
    assert.ok(declared.length >= 5);
    assert.ok(
      declared.every((m) => m.startsWith('ebpf/')),
      declared.join(', '),
    );
    const doc = fs.readFileSync(path.join(root, 'docs', 'protocol.md'), 'utf8');
    const documented = [...new Set([...doc.matchAll(/^###\s+`(ebpf\/\w+)`/gm)].map((m) => m[1]))].sort();
    assert.deepEqual(documented, declared);
  });
});
