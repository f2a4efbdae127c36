import { startWebhookReceiver } from "../../scripts/lib/test-webhook-receiver.mjs";
import { expect, test } from "./fixtures";

// Admin webhooks (issue #23 part 3, ADR 043) from a running Porch to a real receiver that checks each
// signature with the Standard Webhooks reference library.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("an administrator adds a webhook, copies its secret, tests it, and sees an event delivered in its log", async ({
  page,
  login,
  sql,
}) => {
  const receiver = await startWebhookReceiver();
  try {
    await login({ permissions: ["admin"] });
    await page.goto("/manage/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    const name = `alerts-${stamp()}`;

    // Refused beside the field: no event, and an address that leads to the cloud's metadata service.
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Address (URL)").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText("Choose at least one event")).toBeVisible();
    await page.getByRole("checkbox", { name: /An API key was made/ }).check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText(/169\.254\.169\.254 is a link-local address/)).toBeVisible();

    await page.getByLabel("Address (URL)").fill(`${receiver.url}/porch`);
    await page.getByRole("checkbox", { name: /An API key was made/ }).check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = await page.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecret(secret);

    await page.getByRole("link", { name: `Open ${name}` }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Send a test message" }).click();
    await expect(page.getByTestId("test-outcome")).toHaveText(/^Delivered: the receiver answered 200 in \d+ ms\.$/);
    expect(receiver.messages.map((m) => [m.json?.type, m.verified])).toEqual([["porch.test", true]]);

    // A real event: the administrator makes an API key; the message follows within moments.
    await page.goto("/settings/api-keys");
    await page.getByLabel("Description").fill("backup script");
    await page.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByLabel("Your new API key")).toBeVisible();
    await expect.poll(() => receiver.messages.map((m) => m.json?.type), { timeout: 10_000 }).toContain("api-key.created");
    const event = receiver.messages.find((m) => m.json?.type === "api-key.created")!;
    expect(event.verified).toBe(true);
    expect(event.json?.data).toMatchObject({ action: "api-key.created" });

    await page.goto("/manage/webhooks");
    await page.getByRole("link", { name }).click();
    // Other tests make keys meanwhile: this webhook hears them too.
    await expect(page.getByRole("row").filter({ hasText: "api-key.created" }).first()).toContainText("Delivered");
    await expect(page.getByRole("row").filter({ hasText: "porch.test" })).toContainText("Delivered");
  } finally {
    // Its receiver goes: the webhook goes too, so later tests' events aren't retried at a closed port.
    await sql`delete from webhooks where url like ${`${receiver.url}/%`}`;
    await receiver.close();
  }
});

test("a receiver that fails shows in the log, and a message given up can be sent again", async ({ page, login, sql }) => {
  const receiver = await startWebhookReceiver();
  try {
    await login({ permissions: ["admin"] });
    await page.goto("/manage/webhooks");
    const name = `flaky-${stamp()}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Address (URL)").fill(`${receiver.url}/flaky`);
    await page.getByRole("checkbox", { name: /An account was locked/ }).check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    receiver.setSecret(await page.getByLabel("Signing secret").inputValue());
    await page.getByRole("link", { name: `Open ${name}` }).click();

    receiver.failNext(503);
    await page.getByRole("button", { name: "Send a test message" }).click();
    await expect(page.getByTestId("test-outcome")).toHaveText("Not delivered: Answered 503: failing on purpose (503)");
    const row = page.getByRole("row").filter({ hasText: "porch.test" });
    await expect(row).toContainText("Given up");
    await row.getByRole("button", { name: "Send again" }).click();
    await expect(page.getByRole("status")).toHaveText("Queued again: it is sent in a moment, with a fresh round of retries.");
    await expect.poll(() => receiver.messages.length, { timeout: 10_000 }).toBe(2);
    // The same message: a receiver can drop a repeat by its webhook-id.
    expect(receiver.messages[1].headers["webhook-id"]).toBe(receiver.messages[0].headers["webhook-id"]);
    const [hook] = await sql`select id from webhooks where name = ${name}`;
    await expect
      .poll(async () => (await sql`select state from webhook_deliveries where webhook_id = ${hook.id}`).map((r) => r.state), {
        timeout: 10_000,
      })
      .toEqual(["delivered"]);
  } finally {
    // Its receiver goes: the webhook goes too, so later tests' events aren't retried at a closed port.
    await sql`delete from webhooks where url like ${`${receiver.url}/%`}`;
    await receiver.close();
  }
});
