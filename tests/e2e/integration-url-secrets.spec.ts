import { expect, test } from "./fixtures";

// An integration's URL is shown to everyone who may use it and written into the audit log; its
// secrets are write-only. A password typed into the URL (http://user:pass@host) would bypass that.

test("refuses credentials in an integration's URL (API create and patch, the form), and stores nothing of them", async ({ page, login, sql, baseURL }) => {
  await login({ permissions: ["admin"] });
  const origin = new URL(baseURL!).origin;
  const stamp = Date.now().toString(36);
  const secret = `hunter2${stamp}`;
  const withCredentials = `http://alice:${secret}@127.0.0.1:9/status`;
  const created = await page.request.post("/api/integrations", {
    headers: { Origin: origin, "Content-Type": "application/json" },
    data: JSON.stringify({ name: `creds-${stamp}`, kind: "json-api", url: withCredentials }),
  });
  expect(created.status()).toBe(400);
  expect((await created.json()).error).toContain("secret fields");
  const [plain] = await sql`insert into integrations (name, kind, url) values (${`plain-${stamp}`}, 'json-api', 'http://127.0.0.1:9/') returning id`;
  const patched = await page.request.patch(`/api/integrations/${plain.id}`, {
    headers: { Origin: origin, "Content-Type": "application/json" },
    data: JSON.stringify({ url: withCredentials }),
  });
  expect(patched.status()).toBe(400);
  await page.goto("/manage/integrations/new?kind=json-api");
  await page.getByLabel("Name", { exact: true }).fill(`form-${stamp}`);
  await page.getByLabel("URL", { exact: true }).fill(withCredentials);
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText("Put user names and passwords in the secret fields")).toBeVisible();
  const leaked = await sql`
    select (select count(*)::int from integrations i where i::text like ${`%${secret}%`}) as integrations,
           (select count(*)::int from audit_log a where a::text like ${`%${secret}%`}) as audit`;
  expect(leaked[0]).toEqual({ integrations: 0, audit: 0 });
});
