import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { readJson } from "~/api/json.server";
import { BodyTooLargeError, readLimited } from "~/server/read-limited.server";

/** A 32 MB body that counts what was pulled from it. */
function huge() {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(`{"a":"${"x".repeat(64 * 1024)}`);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= 32 * 2 ** 20) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, counter };
}

describe("bodies read from outside", () => {
  it("refuses a 32 MB JSON body at its limit: readJson stops reading instead of checking afterwards", async () => {
    const { body, counter } = huge();
    const request = new Request("http://porch.test/api/boards", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const refused = await readJson(request, v.unknown()).catch((answer: Response) => answer);
    expect((refused as Response).status).toBe(413);
    expect((await (refused as Response).json()).error).toContain("too large");
    expect(counter.pulled).toBeLessThan(512 * 1024);
  }, 5_000);

  it("refuses a declared Content-Length over the limit without reading a byte", async () => {
    const { body, counter } = huge();
    await expect(readLimited({ body, headers: new Headers({ "Content-Length": String(10 * 2 ** 20) }) }, 1024)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + 16);
  });
});
