import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { randomToken } from "~/auth/tokens.server";
import { useTestDatabase } from "../fixtures/database";

// What the server prints when a request fails: Remix hands the error to entry.server's handleError.
// A PostgresError carries the failed query's parameters (password hashes, emails, encrypted secrets);
// an ErrorResponse carries the request's path (an invite or reset token).

const db = useTestDatabase();
afterEach(() => vi.restoreAllMocks());

/** Everything console.error printed while `run` ran, formatted as the runtime would print it. */
async function printed(run: () => void | Promise<void>): Promise<string> {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 5 }))).join(" "));
  });
  await run();
  return lines.join("\n");
}

describe("the error log", () => {
  it("refuses to print a failed query's parameters (a password hash) or a token path", async () => {
    const { handleError } = await import("~/entry.server");
    const secretHash = await hashPassword("correct horse battery staple");
    const failed = await db.sql()`insert into users (username, password_hash) values (${null}, ${secretHash})`.catch((e: unknown) => e);
    const token = randomToken();
    const request = new Request(`http://porch.test/auth/reset/${token}`);
    const context = {} as never;
    const output = await printed(() => {
      handleError(failed, { request, context });
      handleError(new Error(`You made a PUT request to "/auth/invite/${token}" but did not provide an action`), { request, context });
    });
    expect(output).toContain("null value in column");
    expect(output).not.toContain(secretHash.slice(-20));
    expect(output).not.toContain(token);
    expect(output).toContain("/auth/invite/[token]");
  });
});
