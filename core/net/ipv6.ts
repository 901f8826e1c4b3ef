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
