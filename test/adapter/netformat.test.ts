// Network forms of values (pure): IPv4/IPv6 addresses, ports, MACs and other network-order
// integers, chosen by type (__be32/__be16) and name, always with the raw value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { netifyNode, netKind, netText } from '../../debug-adapter/netFormat';

describe('network value forms', () => {
  it('chooses the form by type and name', () => {
    assert.equal(netKind('daddr', 4, ['__be32']), 'ipv4');
    assert.equal(netKind('old_daddr', 4, ['__be32']), 'ipv4');
    assert.equal(netKind('vip', 4, ['__be32', 'uint32_t']), 'ipv4');
    assert.equal(netKind('seq', 4, ['__be32']), 'be32');
    assert.equal(netKind('hash', 4, ['__u32']), undefined);
    assert.equal(netKind('dest', 2, ['__be16']), 'port');
    assert.equal(netKind('source_port', 2, ['__be16']), 'port');
    assert.equal(netKind('h_proto', 2, ['__be16']), 'be16');
    assert.equal(netKind('h_dest', 6, [], 6), 'mac');
    assert.equal(netKind('mac', 6, [], 6), 'mac');
    assert.equal(netKind('saddr', 16, ['in6_addr']), 'ipv6');
    assert.equal(netKind('count', 2, ['__u16']), undefined);
  });

  it('prints network order bytes with the raw value', () => {
    assert.equal(netText('ipv4', Uint8Array.of(10, 0, 0, 100)), '10.0.0.100 (0x6400000a)');
    assert.equal(netText('port', Uint8Array.of(0x00, 0x50)), '80 (raw 0x5000)');
    assert.equal(netText('be16', Uint8Array.of(0x08, 0x00)), '0x0800 (raw 0x8)');
    assert.equal(netText('be32', Uint8Array.of(0, 0, 1, 0)), '256 (raw 0x10000)');
    assert.equal(netText('mac', Uint8Array.of(2, 0, 0, 0, 0, 0xab)), '02:00:00:00:00:ab');
    const v6 = new Uint8Array(16);
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[2] = 0x0d;
    v6[3] = 0xb8;
    v6[15] = 1;
    assert.equal(netText('ipv6', v6), '2001:db8::1 (20010db8000000000000000000000001)');
    assert.equal(netText('ipv6', new Uint8Array(16)).split(' ')[0], '::');
  });

  it('rewrites BTF-formatted leaves of keys and values', () => {
    const bytes = Uint8Array.of(10, 0, 0, 100, 0, 80, 6, 0);
    const node = netifyNode(
      {
        name: 'key',
        type: 'struct service_key',
        value: '{...}',
        offset: 0,
        children: [
          { name: 'vip', type: '__be32', value: '1677721610', offset: 0 },
          { name: 'port', type: '__be16', value: '20480', offset: 4 },
          { name: 'proto', type: '__u8', value: '6', offset: 6 },
        ],
      },
      bytes,
    );
    assert.deepEqual(
      node.children.map((c) => c.value),
      ['10.0.0.100 (0x6400000a)', '80 (raw 0x5000)', '6'],
    );
  });
});
