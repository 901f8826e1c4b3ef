// The packet room of a pointer: a proven lower bound of `packet_size - offset`, from the
// pointer's own fact, the global packet_size bound, and its base's proven range.

import type { PacketPtr } from './value';

export interface PacketFacts {
  readonly pktSize: number;
  readonly ranges: ReadonlyMap<number, number>;
}

export function effectiveRoom(s: PacketFacts, p: PacketPtr): number {
  let room = Math.max(p.room, s.pktSize - p.off.hi);
  if (p.sym !== 0) {
    const r = s.ranges.get(p.sym);
    if (r !== undefined) room = Math.max(room, r - p.k.hi);
  }
  return room;
}
