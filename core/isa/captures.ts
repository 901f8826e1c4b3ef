// Regular-expression captures for the assemblers, split by what the pattern guarantees: a group
// outside any optional part or alternation is always filled when the pattern matches (`get`),
// others may be absent (`opt`). Asking `get` for an absent group is a bug in the pattern table.

export class Captures {
  constructor(private readonly match: RegExpExecArray) {}

  /** A group the pattern always fills. */
  get(group: number): string {
    const text = this.match[group];
    if (text === undefined) throw new Error(`assembler pattern: group ${group} is empty in '${this.match.input}'`);
    return text;
  }

  /** A group inside an optional part or an alternation. */
  opt(group: number): string | undefined {
    return this.match[group];
  }
}

/** Match `text` against `pattern`: the captures, or undefined when it does not match. */
export function capture(pattern: RegExp, text: string): Captures | undefined {
  const m = pattern.exec(text);
  return m ? new Captures(m) : undefined;
}
