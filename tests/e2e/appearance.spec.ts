import { expect, test } from "./fixtures";

// Issue #19, accessibility: dark pages follow the device, unless the person chose (My account → Appearance),
// and the choice follows them to every device. axe reads every page in both (accessibility.spec.ts).

test("a person chooses dark pages, keeps them on another device, and goes back to the device's setting", async ({
  page,
  login,
  browser,
  baseURL,
}) => {
  await page.emulateMedia({ colorScheme: "light" });
  await login();
  await page.goto("/settings");
  const html = page.locator("html");
  await expect(html).not.toHaveAttribute("data-theme", /./);
  await expect(page.getByRole("radio", { name: "Same as this device" })).toBeChecked();
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await background();

  await page.getByRole("radio", { name: "Dark" }).check();
  await page.getByRole("button", { name: "Save appearance" }).click();
  await expect(page.getByRole("status")).toHaveText("Appearance saved.");
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("radio", { name: "Dark" })).toBeChecked();
  expect(await background()).not.toBe(light); // the page really turned, on a light device

  // Another browser of the same person (their cookie), on a light device: dark too.
  const cookies = await page.context().cookies();
  const other = await browser.newContext({ baseURL, javaScriptEnabled: test.info().project.use.javaScriptEnabled, colorScheme: "light" });
  await other.addCookies(cookies);
  const second = await other.newPage();
  await second.goto("/boards");
  await expect(second.locator("html")).toHaveAttribute("data-theme", "dark");
  await other.close();

  await page.getByRole("radio", { name: "Same as this device" }).check();
  await page.getByRole("button", { name: "Save appearance" }).click();
  await expect(page.getByRole("status")).toHaveText("Appearance saved.");
  await expect(html).not.toHaveAttribute("data-theme", /./);
  expect(await background()).toBe(light);
});

test("a forged appearance is refused beside the form, and nothing changes @http", async ({ request, login, page }) => {
  await login();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const res = await request.post("/settings?index", {
    form: { intent: "theme", theme: "purple" },
    headers: { cookie, origin: new URL(test.info().project.use.baseURL!).origin },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain("Choose one of the three.");
  await page.goto("/settings");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /./);
});
