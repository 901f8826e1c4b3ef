// The code lens's launch.json offer and untitled runs (client/commands/launchEntry.ts).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { newLaunchConfiguration, untitledProgramPath } from '../../../client/commands/launchEntry';

describe('launch entries for the code lens', () => {
  it('writes the program and a packet file of the folder relative to ${workspaceFolder}', () => {
    const folder = path.join(path.sep, 'ws');
    const c = newLaunchConfiguration(folder, path.join(folder, 'net', 'lb.c'), 'lb', 'xdp', {
      packet: path.join(folder, 'packets', 'syn.hex'),
    });
    assert.deepEqual(c, {
      type: 'ebpf',
      request: 'launch',
      name: 'lb (xdp)',
      program: '${workspaceFolder}/net/lb.c',
      section: 'xdp',
      function: 'lb',
      packet: '${workspaceFolder}/packets/syn.hex',
      stopOnEntry: true,
    });
  });

  it('keeps hex packets, absolute paths outside the folder, and no input for context programs', () => {
    const folder = path.join(path.sep, 'ws');
    const outside = path.join(path.sep, 'elsewhere', 'b.c');
    const hex = newLaunchConfiguration(folder, outside, 'b', 'xdp', { packet: '02 00 ff' });
    assert.equal(hex.program, outside);
    assert.equal(hex.packet, '02 00 ff');
    const pcap = newLaunchConfiguration(folder, path.join(folder, 'b.c'), 'b', 'xdp', { pcap: '/tmp/x.pcap' });
    assert.equal(pcap.pcap, '/tmp/x.pcap');
    const bind = newLaunchConfiguration(undefined, path.join(folder, 'bind.c'), 'mon', 'bind', {});
    assert.equal(bind.program, path.join(folder, 'bind.c'));
    assert.equal('packet' in bind || 'pcap' in bind, false);
  });

  it('runs an untitled buffer from <temp>/<name>.c', () => {
    assert.equal(untitledProgramPath('/tmp/d', 'Untitled-1'), path.join('/tmp/d', 'Untitled-1.c'));
    assert.equal(untitledProgramPath('/tmp/d', 'my prog.c'), path.join('/tmp/d', 'my_prog.c'));
    assert.equal(untitledProgramPath('/tmp/d', ''), path.join('/tmp/d', 'untitled.c'));
  });
});
