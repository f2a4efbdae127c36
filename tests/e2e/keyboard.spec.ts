import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import type { Locator, Page } from "@playwright/test";
import { hashPassword } from "~/auth/password.server";
import { codeAt, stepAt } from "~/auth/totp";
import { expect, test, UNUSED_PASSWORD } from "./fixtures";

// Issue #19, keyboard only: the main flows with Tab, typing, Enter and Space, never the mouse. Every Tab
// stop on the way shows a focus ring, and after a submit the focus is on the first wrong field or on the
// confirmation. On deno (JavaScript: Conform and React move the focus) and no-js (the browser's own form
// posts: the page's `autofocus` does).

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

/** Presses Tab until `target` has the focus; every element passed on the way must show a focus ring. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  const ringless: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const stop = await target.evaluate((el) => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active === document.body) return { here: false, ring: true, what: "" };
      const style = getComputedStyle(active);
      const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      return { here: active === el, ring, what: active.outerHTML.slice(0, 90) };
    });
    if (!stop.ring) ringless.push(stop.what);
    if (stop.here) {
      expect(ringless, "Tab stops without a visible focus ring").toEqual([]);
      return;
    }
  }
  throw new Error(`${max} presses of Tab never reached ${target}`);
}

/** Replaces what the focused field holds, as a person would: select all, type. */
async function retype(page: Page, text: string) {
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

test("signs in with the keyboard alone; after a wrong password the cursor waits in Password", async ({ page, sql }) => {
  const username = `kb_${stamp()}`;
  await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("keyboard only 4 ever")})`;
  await page.goto("/auth/login");
  await expect(page.getByLabel("Username")).toBeFocused();
  await page.keyboard.type(username);
  await tabTo(page, page.getByLabel("Password", { exact: true }));
  await page.keyboard.type("not the password");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText("Invalid username or password");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type("keyboard only 4 ever");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeAttached();
  await expect(page).not.toHaveURL(/\/auth\//);
});

test("a creator makes a board and fills it with the keyboard alone; the focus follows each answer", async ({ page, login }) => {
  await login({ permissions: ["board-create"] });
  await page.goto("/boards/new");
  await tabTo(page, page.getByLabel("Title"));
  await page.keyboard.type("Keyboard lab");
  await tabTo(page, page.getByLabel(/^Name/));
  await page.keyboard.type("Not OK!");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Use letters, digits and single dashes")).toBeVisible();
  // The first wrong field has the cursor, so the fix is typed at once.
  await expect(page.getByLabel(/^Name/)).toBeFocused();
  const name = `kb-${stamp()}`;
  await retype(page, name);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Keyboard lab" })).toBeVisible();
  // The confirmation has the focus: a screen reader reads it, the next Tab starts from it.
  await expect(page.getByRole("status")).toHaveText(/^Board created\./);
  await expect(page.getByRole("status")).toBeFocused();

  const addApp = page.getByRole("form", { name: "Add an app" });
  await tabTo(page, addApp.getByLabel("App title"));
  await page.keyboard.type("Router");
  await tabTo(page, addApp.getByLabel("App URL"));
  await page.keyboard.type("http://192.168.1.1");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toHaveText("App added.");
  await expect(page.getByRole("status")).toBeFocused();
  await expect(page.getByRole("list", { name: "Board items" }).getByRole("listitem")).toHaveCount(1);

  // Buttons answer Space as well as Enter: the note goes first.
  const addNote = page.getByRole("form", { name: "Add a note" });
  await tabTo(page, addNote.getByLabel("Note"));
  await page.keyboard.type("Backups run at night.");
  await tabTo(page, addNote.getByRole("button", { name: "Add note" }));
  await page.keyboard.press("Space");
  await expect(page.getByRole("status")).toHaveText("Note added.");
  await tabTo(page, page.getByRole("button", { name: "Move left note" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("list", { name: "Board items" }).getByRole("listitem").first()).toContainText("Backups run at night.");

  await tabTo(page, page.getByRole("link", { name: "Done editing" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/boards/${name}$`));
  await expect(page.getByRole("link", { name: /^Router/ })).toBeVisible();
});

test("an API key is made with the keyboard alone; the refused field, then the new key, has the focus", async ({ page, login }) => {
  await login();
  await page.goto("/settings/api-keys");
  await tabTo(page, page.getByLabel("Description"));
  // Sent empty: refused, and the cursor is back in Description.
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Description")).toBeFocused();
  await expect(page.getByLabel("Description")).toHaveAttribute("aria-invalid", "true");
  await page.keyboard.type("NAS backups");
  await page.keyboard.press("Enter");
  // The key, shown once, has the cursor (with JavaScript, selected: Ctrl+C copies it).
  const key = page.getByLabel("Your new API key");
  await expect(key).toBeFocused();
  if (test.info().project.use.javaScriptEnabled !== false) {
    expect(await key.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart!, el.selectionEnd!))).toMatch(/^porch_/);
  }
});

test("on a phone the header's menu opens and leads on with the keyboard alone", async ({ page, login }) => {
  await login();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/boards");
  const menu = page.locator("summary", { hasText: "Menu" });
  await tabTo(page, menu, 10);
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("link", { name: "My account" }), 10);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings$/);
});

test("an administrator shares a board with a person by keyboard, their name offered as they type", async ({ page, login, sql }) => {
  const { id } = await login({ permissions: ["admin"] });
  const name = `kb-share-${stamp()}`;
  await sql`insert into boards (name, title, creator_id) values (${name}, 'Shared by keys', ${id})`;
  const friend = `kb_friend_${stamp()}`;
  await sql`insert into users (username) values (${friend})`;
  await page.goto(`/boards/${name}/settings/access`);
  const username = page.getByRole("combobox", { name: "Username", exact: true });
  // A <datalist>: the browser offers the names, with or without JavaScript (issue #19 item 10).
  const listId = await username.getAttribute("list");
  await expect(page.locator(`datalist#${listId} option[value="${friend}"]`)).toHaveCount(1);
  await tabTo(page, username);
  await page.keyboard.type(friend);
  await tabTo(page, page.getByLabel("Access for the new user"), 3);
  await page.keyboard.press("ArrowDown"); // view → modify
  await tabTo(page, page.getByRole("button", { name: "Add user" }), 3);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toBeFocused();
  const [row] = await sql`
    select p.level from board_user_permissions p join boards b on b.id = p.board_id join users u on u.id = p.user_id
     where b.name = ${name} and u.username = ${friend}`;
  expect(row?.level).toBe("modify");
  // The person has a row now: no longer offered.
  await expect(page.locator(`datalist#${listId} option[value="${friend}"]`)).toHaveCount(0);
});

test("an administrator invites someone into a group by keyboard; the new link has the focus", async ({ page, login, sql }) => {
  await login({ permissions: ["admin"] });
  const group = `kb-invite-${stamp()}`;
  await sql`insert into groups (name) values (${group})`;
  await page.goto("/manage/users/invites");
  await tabTo(page, page.getByLabel("Link works for"));
  await page.keyboard.press("ArrowDown"); // 7 days → 30 days
  await tabTo(page, page.getByRole("checkbox", { name: group }));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Create invite link" }));
  await page.keyboard.press("Enter");
  const link = page.getByLabel("Copy this link now: it is shown only once.");
  await expect(link).toBeFocused();
  const token = new URL(await link.inputValue()).pathname.split("/").pop()!;
  // The invite joins the group ticked, and lasts the 30 days chosen (other tests make invites meanwhile).
  const [invite] = await sql`
    select round(extract(epoch from i.expires_at - i.created_at) / 86400)::int as days
      from invites i join invite_groups ig on ig.invite_id = i.id join groups g on g.id = ig.group_id
     where g.name = ${group}`;
  expect(invite?.days).toBe(30);
  expect(token.length).toBeGreaterThan(20);
});

test("an administrator finds a person and adds them to a group by keyboard", async ({ page, login, sql }) => {
  await login({ permissions: ["admin"] });
  const [group] = await sql`insert into groups (name) values (${`kb-members-${stamp()}`}) returning id`;
  const person = `kb_member_${stamp()}`;
  await sql`insert into users (username) values (${person})`;
  await page.goto(`/manage/users/groups/${group.id}`);
  await tabTo(page, page.getByRole("searchbox", { name: "Find a user to add" }));
  await page.keyboard.type(person);
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: `Add ${person}` }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toBeFocused();
  const members = await sql`select u.username from group_members m join users u on u.id = m.user_id where m.group_id = ${group.id}`;
  expect(members.map((m) => m.username)).toEqual([person]);
});

test("two-factor sign-in is set up by keyboard, and the recovery codes are reached by Tab", async ({ page, login }) => {
  await login();
  await page.goto("/settings/security");
  await tabTo(page, page.getByLabel("Your password"));
  await page.keyboard.type(UNUSED_PASSWORD);
  await tabTo(page, page.getByRole("button", { name: "Set up two-factor sign-in" }));
  await page.keyboard.press("Enter");
  const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
  await tabTo(page, page.getByLabel("Code from your app"));
  await page.keyboard.type(codeAt(key, stepAt(new Date())));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await tabTo(page, page.getByRole("link", { name: "Download as a text file" }));
  await tabTo(page, page.getByRole("link", { name: "I saved them" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();
});

test("pasting is never blocked: every field of the account, two-factor, key and new-user pages takes a paste", async ({ page, login }) => {
  // Password managers and recovery codes arrive by paste (issue #19). No field may cancel it, with JavaScript or
  // without. The sign-in pages carry no script at all (js-budget.spec.ts), so nothing there can.
  const pages = ["/settings", "/settings/security", "/settings/api-keys", "/manage/users/new"];
  await login({ permissions: ["admin"] });
  for (const path of pages) {
    await page.goto(path);
    if (path === "/settings/security") {
      await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
      await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
      await expect(page.getByLabel("Code from your app")).toBeVisible();
    }
    const fields = page.locator("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea");
    expect(await fields.count(), path).toBeGreaterThan(0);
    expect(await page.locator("[onpaste], [oncopy], [oncut]").count(), path).toBe(0);
    const blocked = await fields.evaluateAll((els) =>
      els
        .filter((el) => {
          const data = new DataTransfer();
          data.setData("text/plain", "pasted 123456");
          const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
          return !el.dispatchEvent(event);
        })
        .map((el) => (el as HTMLInputElement).name),
    );
    expect(blocked, `${path}: fields that refuse a paste`).toEqual([]);
  }
  // And a real one, through the keyboard, into the password field.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/settings");
  const current = page.getByLabel("Current password");
  await current.focus();
  await page.evaluate(() => navigator.clipboard.writeText("from the manager 42"));
  await page.keyboard.press("ControlOrMeta+v");
  await expect(current).toHaveValue("from the manager 42");
});
