import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { AddAppSchema } from "~/forms/boards";
import { integrationUrl } from "~/forms/integrations";
import { isWebUrl } from "~/forms/web-url";

describe("URLs in forms (issue #19 item 11)", () => {
  it("a URL without its scheme gets one message, not two", () => {
    for (const url of ["sonarr.lan", "192.168.1.10:8989", "ftp://files.lan", "javascript:alert(1)", "https://", "http://a b"]) {
      const result = v.safeParse(AddAppSchema, { intent: "add-app", title: "Sonarr", url });
      const messages = result.success ? [] : result.issues.filter((i) => i.path?.[0]?.key === "url").map((i) => i.message);
      expect(messages, url).toEqual(["Use an http:// or https:// URL, like https://example.com"]);
    }
    expect(v.safeParse(integrationUrl, "pihole.lan/admin").issues?.map((i) => i.message)).toEqual([
      "Use an http:// or https:// URL, like http://192.168.1.10:8080/api",
    ]);
  });
  it("takes the URLs people use", () => {
    for (const url of [
      "http://192.168.1.10:8989",
      "https://sonarr.home.example/calendar?x=1",
      "HTTPS://EXAMPLE.COM",
      "http://[fd00::1]:8080/",
    ])
      expect(isWebUrl(url), url).toBe(true);
  });
});
