/**
 * One CSV field. Quotes when needed, and neutralises spreadsheet formulas: a cell starting with
 * = + - @ tab or carriage return gets a leading apostrophe, so "=cmd|' /C calc'!A0" stays text.
 */
export function csvField(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
