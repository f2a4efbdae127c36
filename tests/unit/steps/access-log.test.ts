import { afterEach, describe, expect, it, vi } from "vitest";
import { logRequest } from "~/server/steps/access-log.server";

afterEach(() => vi.restoreAllMocks());

describe("the access log", () => {
  it("writes one JSON line: time, request id, method, path, status, milliseconds, user id", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    logRequest(new Request("http://porch.test/boards/home?x=secret", { method: "POST" }), new Response(null, { status: 303 }), {
      requestId: "req-1",
      started: performance.now() - 12,
      userId: "42",
    });
    expect(log).toHaveBeenCalledTimes(1);
    const line = JSON.parse(log.mock.calls[0][0] as string);
    expect(Object.keys(line)).toEqual(["time", "requestId", "method", "path", "status", "ms", "userId"]);
    expect(line).toMatchObject({ requestId: "req-1", method: "POST", path: "/boards/home", status: 303, userId: "42" });
    expect(line.ms).toBeGreaterThanOrEqual(12);
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it("refuses to write a token from the path: invite and reset links are logged as [token]", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    logRequest(new Request("http://porch.test/auth/invite/abcdefabcdef"), new Response(null), { requestId: "r", started: 0, userId: null });
    expect(JSON.parse(log.mock.calls[0][0] as string)).toMatchObject({ path: "/auth/invite/[token]", userId: null });
  });
});
