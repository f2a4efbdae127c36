import { expect, test } from "./fixtures";

test("pages and API answers carry the security headers", { tag: "@http" }, async ({ request }) => {
  const page = await request.get("/auth/login");
  const csp = page.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  expect(page.headers()["referrer-policy"]).toBe("same-origin");
  expect(page.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const again = await request.get("/auth/login");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);
  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  // Plain http here: HSTS only when the public origin is https.
  expect(page.headers()["strict-transport-security"]).toBeUndefined();
});

test("the app runs under its Content-Security-Policy without a single violation", async ({ page, login }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await login({ permissions: ["admin"] });
  await page.goto("/");
  await page.getByRole("link", { name: "Manage" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await page.getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
  expect(violations).toEqual([]);
});
