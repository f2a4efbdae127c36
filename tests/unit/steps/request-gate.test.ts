import { describe, expect, it } from "vitest";
import { admitRequest } from "~/server/request-gate.server";

const refusal = async (answer: Request | Response) => {
  expect(answer).toBeInstanceOf(Response);
  const response = answer as Response;
  return { status: response.status, text: await response.text(), allow: response.headers.get("allow") };
};
const form = (path: string, body: BodyInit, contentType = "application/x-www-form-urlencoded") =>
  new Request(`http://porch.test${path}`, { method: "POST", headers: { "Content-Type": contentType }, body });

describe("admitting a request (the request gate)", () => {
  it("hands a GET on as it came", async () => {
    const get = new Request("http://porch.test/boards?page=2");
    expect(await admitRequest(get)).toBe(get);
  });

  it("refuses a NUL anywhere (path, query, form field) with 400 and a sentence", async () => {
    for (const request of [
      new Request("http://porch.test/a%00b"),
      new Request("http://porch.test/?q=%00"),
      form("/auth/login", "username=a%00"),
    ]) {
      expect(await refusal(await admitRequest(request))).toMatchObject({ status: 400, text: expect.stringContaining("NUL") });
    }
    expect(await refusal(await admitRequest(new Request("http://porch.test/%E0%A4%A")))).toMatchObject({ status: 400 });
  });

  it("refuses a method no route takes with 405 and the methods it could have used", async () => {
    const page = await refusal(await admitRequest(new Request("http://porch.test/boards", { method: "DELETE" })));
    expect(page).toMatchObject({ status: 405, allow: "GET, HEAD, POST" });
    const api = await admitRequest(new Request("http://porch.test/api/boards/x", { method: "DELETE" }));
    expect(api).toBeInstanceOf(Request);
  });

  it("refuses an anonymous form larger than 16 KB with 413, and a form route's body that isn't a form with 415", async () => {
    expect(await refusal(await admitRequest(form("/auth/login", `password=${"x".repeat(17 * 1024)}`)))).toMatchObject({ status: 413 });
    expect(await refusal(await admitRequest(form("/manage/users", "{}", "application/json")))).toMatchObject({ status: 415 });
  });

  it("hands on a good form with its body read once, as bytes, without the client's framing", async () => {
    const incoming = new Request("http://porch.test/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "21" },
      body: "username=ada&x=%C3%A9",
    });
    const admitted = await admitRequest(incoming);
    expect(admitted).toBeInstanceOf(Request);
    expect(incoming.bodyUsed).toBe(true);
    const request = admitted as Request;
    expect(request.headers.get("content-length")).toBeNull();
    expect(Object.fromEntries(await request.formData())).toEqual({ username: "ada", x: "é" });
  });
});
