// Durations in milliseconds, named so that no magic numbers hide in the code.
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const UNITS: Record<string, number> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK };

/**
 * Parses "604800" (seconds, as Homarr documents it) or "30d", "12h", "90m", "45s", "2w".
 * Returns milliseconds, or null when the text is not a positive duration.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+)\s*([smhdw]?)\s*$/i.exec(text);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2] ? UNITS[match[2].toLowerCase()] : SECOND;
  const ms = amount * unit;
  if (!Number.isSafeInteger(ms) || ms <= 0) return null;
  return ms;
}

/** "in 5 minutes", "in 2 hours": for messages to people. */
export function describeDuration(ms: number): string {
  const parts: Array<[number, string]> = [
    [DAY, "day"],
    [HOUR, "hour"],
    [MINUTE, "minute"],
  ];
  for (const [unit, name] of parts) {
    if (ms >= unit) {
      const n = Math.round(ms / unit);
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  const s = Math.max(1, Math.round(ms / SECOND));
  return `${s} second${s === 1 ? "" : "s"}`;
}
