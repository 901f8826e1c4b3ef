// Builds the sample packets of the examples: one .hex file per frame and sample.pcap with all of
// them. Run with `node examples/packets/make-packets.mjs`; the outputs are committed, so this only
// needs re-running after a change here. Checksums are computed, so the frames are valid on a wire.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const CLIENT_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
const LB_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
const BROADCAST_MAC = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const CLIENT_IP = [192, 168, 1, 10];
const VIP = [10, 0, 0, 100]; // the load balancer's service address (see launch.json "maps")
const NON_SERVICE_IP = [10, 0, 0, 200];

const u16 = (v) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** One's-complement sum of 16-bit big-endian words, folded and inverted (RFC 1071). */
function checksum(bytes) {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ethernet(dst, src, etherType, payload) {
  return [...dst, ...src, ...u16(etherType), ...payload];
}

function ipv4(src, dst, protocol, payload) {
  const header = [0x45, 0, ...u16(20 + payload.length), ...u16(0x1234), ...u16(0x4000), 64, protocol, 0, 0, ...src, ...dst];
  const sum = checksum(header);
  header[10] = sum >> 8;
  header[11] = sum & 0xff;
  return [...header, ...payload];
}

function pseudoHeaderSum(src, dst, protocol, segment) {
  return checksum([...src, ...dst, 0, protocol, ...u16(segment.length), ...segment]);
}

function tcpSyn(src, dst, sport, dport) {
  const segment = [...u16(sport), ...u16(dport), ...u32(0x01020304), ...u32(0), 0x50, 0x02, ...u16(64240), 0, 0, 0, 0];
  const sum = pseudoHeaderSum(src, dst, 6, segment);
  segment[16] = sum >> 8;
  segment[17] = sum & 0xff;
  return segment;
}

function udp(src, dst, sport, dport, data) {
  const segment = [...u16(sport), ...u16(dport), ...u16(8 + data.length), 0, 0, ...data];
  const sum = pseudoHeaderSum(src, dst, 17, segment) || 0xffff; // 0 means "no checksum" in UDP
  segment[6] = sum >> 8;
  segment[7] = sum & 0xff;
  return segment;
}

function arpRequest(senderMac, senderIp, targetIp) {
  return [...u16(1), ...u16(0x0800), 6, 4, ...u16(1), ...senderMac, ...senderIp, 0, 0, 0, 0, 0, 0, ...targetIp];
}

const frames = [
  {
    name: 'lb-tcp-syn',
    what: 'TCP SYN 192.168.1.10:40000 -> VIP 10.0.0.100:80 (a service: rewritten, XDP_TX)',
    bytes: ethernet(LB_MAC, CLIENT_MAC, 0x0800, ipv4(CLIENT_IP, VIP, 6, tcpSyn(CLIENT_IP, VIP, 40000, 80))),
  },
  {
    name: 'lb-udp',
    what: 'UDP 192.168.1.10:40001 -> VIP 10.0.0.100:53 with 5 bytes "hello" (a service: XDP_TX)',
    bytes: ethernet(LB_MAC, CLIENT_MAC, 0x0800, ipv4(CLIENT_IP, VIP, 17, udp(CLIENT_IP, VIP, 40001, 53, [...Buffer.from('hello')]))),
  },
  {
    name: 'non-service',
    what: 'TCP SYN 192.168.1.10:40002 -> 10.0.0.200:80 (no service: bpf_printk, XDP_PASS)',
    bytes: ethernet(LB_MAC, CLIENT_MAC, 0x0800, ipv4(CLIENT_IP, NON_SERVICE_IP, 6, tcpSyn(CLIENT_IP, NON_SERVICE_IP, 40002, 80))),
  },
  {
    name: 'arp',
    what: 'ARP who-has 10.0.0.100 tell 192.168.1.10 (not IPv4: XDP_PASS)',
    bytes: ethernet(BROADCAST_MAC, CLIENT_MAC, 0x0806, arpRequest(CLIENT_MAC, CLIENT_IP, VIP)),
  },
];

/** Classic libpcap file: little-endian microsecond magic, version 2.4, link type 1 (Ethernet). */
function pcap(records) {
  const parts = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeInt32LE(0, 8);
  header.writeUInt32LE(0, 12);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  parts.push(header);
  records.forEach((bytes, i) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1767225600 + i, 0); // 2026-01-01T00:00:00Z + i seconds: fixed, so output is reproducible
    rec.writeUInt32LE(0, 4);
    rec.writeUInt32LE(bytes.length, 8);
    rec.writeUInt32LE(bytes.length, 12);
    parts.push(rec, Buffer.from(bytes));
  });
  return Buffer.concat(parts);
}

for (const f of frames) {
  fs.writeFileSync(path.join(here, `${f.name}.hex`), Buffer.from(f.bytes).toString('hex') + '\n');
  console.log(`${f.name}.hex  ${f.bytes.length} bytes  ${f.what}`);
}
fs.writeFileSync(path.join(here, 'sample.pcap'), pcap(frames.map((f) => f.bytes)));
console.log(`sample.pcap  ${frames.length} frames`);
