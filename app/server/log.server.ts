import { maskText } from "./redact.server";

// Errors as one JSON line. Printing the error object itself would dump everything hung on it: a
// PostgresError's query parameters (password hashes, emails, encrypted secrets), a Remix ErrorResponse's
// request path (an invite or reset token). Only the name, message, code and stack are kept, masked.

export function describeError(error: unknown): { error: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) {
    const data = (error as { status?: number; data?: unknown } | null) ?? null;
    // Remix's ErrorResponse (405, 404 of a route): its status and words.
    const text = data && typeof data === "object" && "status" in data ? `${data.status} ${String(data.data ?? "")}` : String(error);
    return { error: maskText(text) };
  }
  const code = (error as { code?: unknown }).code;
  return {
    error: maskText(`${error.name}: ${error.message}`),
    ...(typeof code === "string" ? { code } : {}),
    ...(error.stack ? { stack: maskText(error.stack.split("\n").slice(1).join("\n")) } : {}),
  };
}

export function logError(msg: string, error: unknown, fields: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ level: "error", msg, ...fields, ...describeError(error) }));
}
