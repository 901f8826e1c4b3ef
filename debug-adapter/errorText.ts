// The text of an error for a DAP error response's `format`, where `{name}` stands for a variable:
// braces in the message become parentheses so the client shows it as written.
export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'));
}
