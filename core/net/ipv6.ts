// IPv6 addresses as text, shared by the packet decoder, the map explorer and the debugger's values.

/** RFC 5952 text: lowercase, longest run of zero groups as "::". */
export function ipv6Text(b: Uint8Array, at = 0): string {
  const groups: number[] = [];
  // Past the end of b reads as zero (a truncated address shows what is there).
  for (let i = 0; i < 8; i++) groups.push(((b[at + 2 * i] ?? 0) << 8) | (b[at + 2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLen).join(':')}`;
}

/** The 16 bytes of an IPv6 address written as text (`fe80::1`, `2001:db8:0:0:0:0:0:1`), or undefined. */
export function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string | undefined): number[] =>
    s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : [];
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  // "::" stands for one or more zero groups (RFC 4291 §2.2).
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 2 && fill === 0)) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  if (all.length !== 8 || all.some(Number.isNaN)) return undefined;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}
