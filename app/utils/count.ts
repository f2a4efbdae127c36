/** "1 API key", "3 API keys": a count and its noun, for messages. */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
