// The Context scope of eBPF for Windows' bind and sock_addr programs is labelled by the fields of
// bind_md and bpf_sock_addr (include/ebpf_nethooks.h), with addresses and ports readable.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import {
  clangMissing,
  closeInlineServer,
  examples,
  launchWith,
  named,
  repoRoot,
  scopeVariables,
  startInlineClient,
  stopped,
} from './harness';

const noClang = clangMissing();
const BIND = path.join(examples, 'bind_monitor.c');
const SOCK_ADDR = path.join(repoRoot, 'test', 'fixtures', 'verifier', 'windows', 'sockaddr-connect-read-ok.c');

describe('debug adapter: bind and sock_addr contexts by their fields', { skip: noClang, timeout: 60_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startInlineClient();
  });
  afterEach(async () => {
    await dc.stop();
  });
  after(async () => {
    await closeInlineServer();
  });

  it('bind: the fields of bind_md, the socket address as address:port', async () => {
    const stop = stopped(dc, 'entry');
    await launchWith(dc, {
      type: 'ebpf',
      request: 'launch',
      name: 'bind',
      program: BIND,
      section: 'bind',
      platform: 'windows',
      stopOnEntry: true,
      ctx: {
        process_id: 4242,
        socket_address: [2, 0, 31, 144, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        socket_address_length: 16,
        operation: 0,
        protocol: 6,
      },
    });
    await stop;
    const vars = await scopeVariables(dc, 'Context');
    assert.deepEqual(
      vars.map((v) => v.name),
      ['app_id_start', 'app_id_end', 'process_id', 'socket_address', 'socket_address_length', 'operation', 'protocol'],
    );
    assert.equal(named(vars, 'process_id').value, '4242 (0x1092)');
    assert.match(named(vars, 'socket_address').value, /^127\.0\.0\.1:8080 \(AF_INET\) \[02001f907f000001/);
    assert.equal(named(vars, 'operation').value, 'BIND_OPERATION_BIND (0)');
    assert.equal(named(vars, 'protocol').value, 'IPPROTO_TCP (6)');
  });

  it('sock_addr: the fields of bpf_sock_addr, user_ip4 and user_port as an address and a port', async () => {
    const stop = stopped(dc, 'entry');
    await launchWith(dc, {
      type: 'ebpf',
      request: 'launch',
      name: 'connect4',
      program: SOCK_ADDR,
      section: 'cgroup/connect4',
      platform: 'windows',
      stopOnEntry: true,
      // user_port as the program sees it: 8080 in network order, read as a little-endian u16.
      ctx: { family: 'AF_INET', user_ip4: '10.0.0.100', user_port: 0x901f, protocol: 'IPPROTO_TCP' },
    });
    await stop;
    const vars = await scopeVariables(dc, 'Context');
    assert.deepEqual(
      vars.map((v) => v.name),
      [
        'family',
        'msg_src_ip4',
        'msg_src_ip6',
        'msg_src_port',
        'user_ip4',
        'user_ip6',
        'user_port',
        'protocol',
        'compartment_id',
        'interface_luid',
      ],
    );
    assert.equal(named(vars, 'family').value, 'AF_INET (2)');
    assert.equal(named(vars, 'user_ip4').value, '10.0.0.100 (0x6400000a)');
    assert.equal(named(vars, 'user_port').value, '8080 (raw 0x901f)');
    assert.equal(named(vars, 'protocol').value, 'IPPROTO_TCP (6)');
    assert.match(named(vars, 'user_ip6').value, /^a00:64:/);
  });
});
