import { createCookie } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { setConfigForTests } from "~/config.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { TEST_CONFIG } from "../fixtures/database";

const PORCH = "http://porch.test";

/** The request a browser sends next, with the cookie an answer set. */
function following(response: Response, path: string): Request {
  const pair = response.headers.getSetCookie()[0].split(";")[0];
  return new Request(`${PORCH}${path}`, { headers: { Cookie: pair } });
}

/** A flash cookie with any value, as a sibling host or a tampering client could send it. */
async function planted(value: unknown, path: string, name = "porch_flash"): Promise<Request> {
  const pair = (await createCookie(name).serialize(value)).split(";")[0];
  return new Request(`${PORCH}${path}`, { headers: { Cookie: pair } });
}

describe("success messages carried to the next page (flash)", () => {
  beforeEach(() => setConfigForTests({ ...TEST_CONFIG, secureCookies: false }));

  it("shows the catalogue's sentence once, on the page the answer redirected to, and clears it there", async () => {
    const answer = await redirectWithFlash("/manage/users/42", "profile-saved");
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe("/manage/users/42");
    expect(answer.headers.get("Set-Cookie")).toMatch(/^porch_flash=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);
    const shown = await takeFlash(following(answer, "/manage/users/42"));
    expect(shown.notice).toBe("Profile saved.");
    expect(shown.code).toBe("profile-saved");
    expect(new Headers(shown.init.headers).get("Set-Cookie")).toMatch(/^porch_flash=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("leaves a message meant for another page to that page", async () => {
    const answer = await redirectWithFlash("/settings", "password-changed");
    const elsewhere = await takeFlash(following(answer, "/boards"));
    expect(elsewhere).toEqual({ notice: null, code: null, init: {} });
  });

  it("fills in a count", async () => {
    const answer = await redirectWithFlash("/manage/integrations", "integration-deleted", 3);
    expect((await takeFlash(following(answer, "/manage/integrations"))).notice).toBe("Integration deleted, with its 3 widget(s).");
  });

  it("says nothing without a flash", async () => {
    expect(await takeFlash(new Request(`${PORCH}/settings`))).toEqual({ notice: null, code: null, init: {} });
  });

  it("refuses words that aren't a code of the catalogue, and the names every object has, and clears them", async () => {
    for (const code of ["Your account is locked, call 0800", "constructor", "__proto__", "toString", ""]) {
      const taken = await takeFlash(await planted({ path: "/settings", code }, "/settings"));
      expect(taken.notice, code).toBeNull();
      expect(new Headers(taken.init.headers).get("Set-Cookie")).toMatch(/Max-Age=0/);
    }
    for (const value of ["profile-saved", { path: "/settings" }, { path: "/settings", code: "profile-saved", count: -1 }, 42]) {
      expect((await takeFlash(await planted(value, "/settings"))).notice).toBeNull();
    }
  });

  it("over https, reads only the __Host- cookie, which no sibling host can set", async () => {
    setConfigForTests({ ...TEST_CONFIG, secureCookies: true });
    const answer = await redirectWithFlash("/settings", "profile-saved");
    expect(answer.headers.get("Set-Cookie")).toMatch(/^__Host-porch_flash=[^;]+; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect((await takeFlash(following(answer, "/settings"))).notice).toBe("Profile saved.");
    expect((await takeFlash(await planted({ path: "/settings", code: "profile-saved" }, "/settings"))).notice).toBeNull();
  });
});
