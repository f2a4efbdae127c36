import { startRemoteService } from "../fixtures/remote-service";
import { expect, test } from "./fixtures";

// A stored secret goes only to the URL it was entered for (another path on the same host counts: attack11). Two real HTTP services: the one the
// secret belongs to, and an "attacker's" one the URL gets moved to; each counts what arrives.

let home: Awaited<ReturnType<typeof startRemoteService>>;
let evil: Awaited<ReturnType<typeof startRemoteService>>;
test.beforeAll(async () => {
  [home, evil] = await Promise.all([startRemoteService(), startRemoteService()]);
});
test.afterAll(async () => {
  await Promise.all([home.close(), evil.close()]);
});

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);
const secretsAt = (service: typeof home, secret: string) =>
  service.received.filter((r) => r.apiKey === secret || r.authorization?.includes(secret)).length;
const json = () => ({ Origin: new URL(test.info().project.use.baseURL!).origin, "Content-Type": "application/json" });

test(
  "refuses to send a stored secret to a host the URL was moved to (API): the PATCH clears it and says so",
  { tag: "@http" },
  async ({ page, login, sql }) => {
    await login({ permissions: ["integration-create"] });
    const secret = `k3y`;
    const created = await page.request.post("/api/integrations", {
      headers: json(),
      data: { name: `Moved ${stamp()}`, kind: "json-api", url: `${home.url}/json`, secrets: { apiKey: secret } },
    });
    expect(created.status()).toBe(201);
    const { id } = await created.json();
    expect(await (await page.request.post(`/api/integrations/${id}/check`, { headers: json() })).json()).toMatchObject({ ok: true });

    const moved = await page.request.patch(`/api/integrations/${id}`, { headers: json(), data: { url: `${evil.url}/json` } });
    expect(moved.status()).toBe(200);
    const body = await moved.json();
    expect(body.secrets.apiKey).toEqual({ set: false });
    expect(body.secretsCleared).toEqual(["apiKey"]);
    expect(await sql`select field from integration_secrets where integration_id = ${id}`).toEqual([]);

    const check = await (await page.request.post(`/api/integrations/${id}/check`, { headers: json() })).json();
    expect(check).toMatchObject({ ok: false, message: "401: the service refused the credentials" });
    expect(evil.received.filter((r) => r.path === "/json").length).toBeGreaterThan(0); // it did go there…
    expect(secretsAt(evil, secret)).toBe(0); // …without the key

    // Typed again in the same request, a secret is bound to the new URL.
    const retyped = await page.request.patch(`/api/integrations/${id}`, {
      headers: json(),
      data: { url: `${home.url}/json`, secrets: { apiKey: secret } },
    });
    expect((await retyped.json()).secretsCleared).toEqual([]);
    expect(await (await page.request.post(`/api/integrations/${id}/check`, { headers: json() })).json()).toMatchObject({ ok: true });
  },
);

test(
  "refuses to send a stored secret to another path or query of the same host: a holder of full could point it at an echo (attack11)",
  { tag: "@http" },
  async ({ page, login, sql }) => {
    await login({ permissions: ["integration-create"] });
    const secret = `p4th${stamp()}`;
    const created = await page.request.post("/api/integrations", {
      headers: json(),
      data: { name: `Path ${stamp()}`, kind: "json-api", url: `${home.url}/json`, secrets: { apiKey: secret } },
    });
    const { id } = await created.json();
    for (const url of [`${home.url}/echo`, `${home.url}/json?echo=1`]) {
      const moved = await page.request.patch(`/api/integrations/${id}`, { headers: json(), data: { url } });
      expect((await moved.json()).secretsCleared, url).toEqual(["apiKey"]);
      expect(await sql`select field from integration_secrets where integration_id = ${id}`).toEqual([]);
      await page.request.post(`/api/integrations/${id}/check`, { headers: json() });
      // Put back with the key typed again, for the next try.
      await page.request.patch(`/api/integrations/${id}`, {
        headers: json(),
        data: { url: `${home.url}/json`, secrets: { apiKey: secret } },
      });
    }
    expect(home.received.filter((r) => r.path === "/echo").length).toBeGreaterThan(0); // it did go there…
    expect(home.received.filter((r) => r.path !== "/json" && (r.apiKey === secret || r.authorization?.includes(secret)))).toEqual([]); // …without the key
  },
);

test("refuses to send a stored secret to a host the URL was moved to (form): saving clears it, and the page says so beside the URL", async ({
  page,
  login,
  sql,
}) => {
  await login({ permissions: ["integration-create"] });
  const secret = `t0ken`;
  const name = `Form ${stamp()}`;
  const created = await page.request.post("/api/integrations", {
    headers: json(),
    data: { name, kind: "http-status", url: `${home.url}/token`, secrets: { token: secret } },
  });
  const { id } = await created.json();
  await page.goto(`/manage/integrations/${id}`);
  const hint = page.getByTestId("url-hint");
  await expect(hint).toContainText(`Secrets are sent only to ${home.url}/token`);
  await expect(page.getByText("Bearer token (set)")).toBeVisible();

  await page.getByLabel("URL", { exact: true }).fill(`${evil.url}/token`);
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(hint).toContainText("That is another URL: saving clears the stored secrets unless you type them again");
  }
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Integration saved. Its URL changed, so its stored secrets were cleared");
  await expect(hint).toContainText("The URL changed: the stored secrets were cleared. Type them again to use them here.");
  await expect(page.getByText("Bearer token (not set)")).toBeVisible();
  expect(await sql`select field from integration_secrets where integration_id = ${id}`).toEqual([]);

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toContainText("Failed: 401");
  expect(evil.received.filter((r) => r.path === "/token").length).toBeGreaterThan(0);
  expect(secretsAt(evil, secret)).toBe(0);
});

test("refuses to follow a redirect to another origin with the secret headers", { tag: "@http" }, async ({ page, login }) => {
  await login({ permissions: ["integration-create"] });
  const before = evil.received.length;
  for (const [kind, secrets] of [
    ["http-status", { token: "t0ken" }],
    ["json-api", { apiKey: "k3y", username: "ann", password: "pa55" }],
  ] as const) {
    const created = await page.request.post("/api/integrations", {
      headers: json(),
      data: { name: `Redirect ${stamp()}`, kind, url: `${home.url}/redirect?to=${encodeURIComponent(`${evil.url}/json`)}`, secrets },
    });
    const { id } = await created.json();
    const check = await (await page.request.post(`/api/integrations/${id}/check`, { headers: json() })).json();
    expect(check.status === 302 || check.message === "302 Found", JSON.stringify(check)).toBe(true);
  }
  expect(evil.received.length).toBe(before); // not followed at all, so nothing of the secrets went there
});

test("refuses credentials written into an integration URL, where everyone who may use it would read them", async ({ page, login, sql }) => {
  await login({ permissions: ["integration-create"] });
  const name = `Userinfo ${stamp()}`;
  const refused = await page.request.post("/api/integrations", {
    headers: json(),
    data: { name, kind: "json-api", url: home.url.replace("http://", "http://ann:pa55@") + "/basic" },
  });
  expect(refused.status()).toBe(400);
  expect(JSON.stringify(await refused.json())).toContain("Put credentials in the secret fields, not in the URL");
  expect(await sql`select 1 from integrations where name = ${name}`).toHaveLength(0);

  const created = await page.request.post("/api/integrations", {
    headers: json(),
    data: { name, kind: "json-api", url: `${home.url}/basic` },
  });
  const { id } = await created.json();
  const patched = await page.request.patch(`/api/integrations/${id}`, {
    headers: json(),
    data: { url: home.url.replace("http://", "http://ann@") + "/basic" },
  });
  expect(patched.status()).toBe(400);
  const [row] = await sql`select url from integrations where id = ${id}`;
  expect(row.url).toBe(`${home.url}/basic`);

  await page.goto(`/manage/integrations/${id}`);
  await page.getByLabel("URL", { exact: true }).fill(home.url.replace("http://", "http://ann:pa55@") + "/basic");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Put credentials in the secret fields, not in the URL")).toBeVisible();
  expect((await sql`select url from integrations where id = ${id}`)[0].url).toBe(`${home.url}/basic`);
});

test(
  "refuses a secret with a line break (API and form), which the runtime would quote back in an error message",
  { tag: "@http" },
  async ({ page, login, sql }) => {
    await login({ permissions: ["integration-create"] });
    const name = `Newline ${stamp()}`;
    const refused = await page.request.post("/api/integrations", {
      headers: json(),
      data: { name, kind: "http-status", url: `${home.url}/token`, secrets: { token: "s3cr3t\nX-Injected: 1" } },
    });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error).toContain("Secrets can't contain line breaks or other control characters");
    expect(await sql`select 1 from integrations where name = ${name}`).toHaveLength(0);

    const { id } = await (
      await page.request.post("/api/integrations", {
        headers: json(),
        data: { name, kind: "http-status", url: `${home.url}/token`, secrets: { token: "t0ken" } },
      })
    ).json();
    const patched = await page.request.patch(`/api/integrations/${id}`, { headers: json(), data: { secrets: { token: "t0ken\r\n" } } });
    expect(patched.status()).toBe(400);
    const form = await page.request.post(`/manage/integrations/${id}`, {
      headers: { Origin: json().Origin },
      form: { intent: "save", name, url: `${home.url}/token`, "secret.token": "s3cr3t\u0007bell" },
    });
    expect(form.status()).toBe(400);
    expect(await form.text()).toContain("Secrets can&#x27;t contain line breaks or other control characters");
    expect(await (await page.request.post(`/api/integrations/${id}/check`, { headers: json() })).json()).toMatchObject({ ok: true }); // the old token stands
  },
);
