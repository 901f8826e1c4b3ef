// Context fields as network engineers read them in the Context scope: sock_addr's user_ip4 /
// msg_src_ip4 as dotted addresses and its ports in host order, the IPv6 arrays as IPv6, and
// bind_md's socket_address (a SOCKADDR: family, port in network order, address) as
// `127.0.0.1:8080 (AF_INET)`, each with its raw value. Pure; undefined = the plain number.
import type { ContextField } from '../core/platform/types';
import { ipv6Text } from '../core/net/ipv6';
import { netKind, netText } from './netFormat';

/** Windows' AF_INET6 is 23, Linux's 10. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 23]);

/** The readable text of a context field's bytes (`bytes` = the field, memory order), if it has one. */
export function contextFieldText(field: ContextField, bytes: Uint8Array): string | undefined {
  const count = field.count ?? 1;
  if (field.name === 'socket_address' && bytes.length >= 8) return sockaddrText(bytes);
  if (count === 4 && field.size === 4 && bytes.length === 16 && /ip6$/.test(field.name)) return netText('ipv6', bytes);
  if (count !== 1) return undefined;
  const kind = netKind(field.name, field.size, []);
  return kind === 'ipv4' || kind === 'port' ? netText(kind, bytes) : undefined;
}

function sockaddrText(b: Uint8Array): string | undefined {
  const family = (b[0] ?? 0) | ((b[1] ?? 0) << 8);
  const port = ((b[2] ?? 0) << 8) | (b[3] ?? 0);
  if (family === AF_INET) return `${b[4] ?? 0}.${b[5] ?? 0}.${b[6] ?? 0}.${b[7] ?? 0}:${port} (AF_INET)`;
  // SOCKADDR_IN6: family, port, flowinfo (4 bytes), then the address; 16 bytes hold only its start.
  if (AF_INET6.has(family)) return `[${b.length >= 24 ? ipv6Text(b.subarray(8, 24)) : '…'}]:${port} (AF_INET6)`;
  return undefined;
}
