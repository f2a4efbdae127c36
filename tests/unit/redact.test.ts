import { describe, expect, it } from "vitest";
import { carriesToken, maskPath, maskText } from "~/server/redact.server";

const token = "abcdefghijklmnopqrstuvwxyz234567";

describe("masking secrets in paths and text", () => {
  it("masks the token segment of invite and reset paths however they are spelled", () => {
    expect(maskPath(`/auth/reset/${token}`)).toBe("/auth/reset/[token]");
    expect(maskPath(`/AUTH/Invite/${token}.data`)).toBe("/AUTH/Invite/[token]");
    expect(maskPath("/auth//invite/short/more")).toBe("/auth//invite/[token]/[token]");
    expect(maskPath("/auth/%69nvite/x%2Fy/")).toBe("/auth/%69nvite/[token]/");
    expect(maskPath(`/boards/home/${token}x`)).toBe("/boards/home/[token]");
  });
  it("leaves other paths alone", () => {
    for (const p of [
      "/",
      "/auth/invite",
      "/auth/login",
      "/boards/home-lab/settings",
      "/manage/users/00000000-0000-0000-0000-000000000000",
    ]) {
      expect(maskPath(p)).toBe(p);
      expect(carriesToken(p)).toBe(false);
    }
    expect(carriesToken(`/auth/reset/${token}`)).toBe(true);
  });
  it("masks token paths and token-shaped strings in free text", () => {
    expect(maskText(`You made a PUT request to "/auth/reset/${token}" but`)).toBe('You made a PUT request to "/auth/reset/[token]" but');
    expect(maskText(`session ${token}.${token} ended`)).toBe("session [token].[token] ended");
  });
});
