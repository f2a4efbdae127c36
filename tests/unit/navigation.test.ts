import { describe, expect, it } from "vitest";
import { sectionIsActive } from "~/components/side-nav";
import { manageSections } from "~/server/manage-sections.server";

const labels = (has: string[], providers: string[]) => manageSections((p) => has.includes(p), providers).map((s) => s.label);

describe("navigation (issue #19 item 8)", () => {
  it("highlights Users on its pages under it, but not on Groups or Invites, which are their own sections", () => {
    const users = manageSections(() => true, []).find((s) => s.label === "Users")!;
    for (const path of ["/manage/users", "/manage/users/", "/manage/users/new", "/manage/users/4f1c"])
      expect(sectionIsActive(path, users), path).toBe(true);
    for (const path of [
      "/manage/users/groups",
      "/manage/users/groups/7",
      "/manage/users/invites",
      "/manage/users/service-accounts",
      "/manage/usersx",
      "/manage",
    ])
      expect(sectionIsActive(path, users), path).toBe(false);
    expect(sectionIsActive("/settings/security", { to: "/settings", label: "Profile", end: true })).toBe(false);
  });

  it("lists LDAP and OpenID Connect only when they are on, and only what the person may open", () => {
    expect(labels(["admin", "other-view-logs"], ["credentials"])).toEqual([
      "Users",
      "Service accounts",
      "Groups",
      "Invites",
      "Logs",
      "API keys",
      "Webhooks",
      "Settings",
    ]);
    expect(labels(["admin", "other-view-logs"], ["credentials", "ldap", "oidc"])).toEqual([
      "Users",
      "Service accounts",
      "Groups",
      "Invites",
      "LDAP",
      "OpenID Connect",
      "Logs",
      "API keys",
      "Webhooks",
      "Settings",
    ]);
    expect(labels(["other-view-logs"], ["ldap"])).toEqual(["Logs"]);
    // Integrations are in the header for everyone, not in Manage too.
    expect(labels([], ["ldap", "oidc"])).toEqual([]);
  });
});
