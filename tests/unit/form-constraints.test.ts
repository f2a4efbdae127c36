import { parseWithValibot } from "@conform-to/valibot";
import type { GenericSchema } from "valibot";
import { describe, expect, it } from "vitest";
import { LoginSchema, OnboardingSchema } from "~/auth/forms";
import { ChangePasswordSchema, AccountProfileSchema } from "~/forms/account";
import { CreateApiKeySchema } from "~/forms/api-keys";
import { AddAppSchema, AddNoteSchema, AddWidgetSchema, BoardGeneralSchema, NewBoardSchema } from "~/forms/boards";
import { browserConstraint, type Constraints } from "~/forms/constraint";
import { NewGroupSchema, RenameGroupSchema } from "~/forms/groups";
import { IntegrationSchema } from "~/forms/integrations";
import { NewUserSchema, ProfileSchema, ResetPasswordSchema } from "~/forms/users";

/** What a browser's constraint validation says of one field's value (HTML's required, minlength, maxlength, pattern). */
function browserAllows(constraint: Constraints[string] | undefined, value: string): boolean {
  if (!constraint) return true;
  if (value === "") return !constraint.required;
  if (constraint.minLength !== undefined && value.length < constraint.minLength) return false;
  if (constraint.maxLength !== undefined && value.length > constraint.maxLength) return false;
  // The pattern attribute is compiled with the v flag and must match the whole value.
  if (constraint.pattern !== undefined && !new RegExp(`^(?:${constraint.pattern})$`, "v").test(value)) return false;
  return true;
}

function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

// Forms the server accepts, typed the way people type: spaces around, capitals in a board name, optional
// fields and kept secrets left empty.
const ACCEPTED: Array<[string, GenericSchema, Record<string, string>]> = [
  ["sign-in", LoginSchema, { username: " Alice ", password: "x" }],
  ["onboarding", OnboardingSchema, { username: " Alice ", password: "correct horse", confirmPassword: "correct horse" }],
  ["new board", NewBoardSchema, { name: " Home-Lab ", title: " My lab " }],
  ["board settings", BoardGeneralSchema, { intent: "general", name: "HOME-LAB", title: "Lab" }],
  ["app", AddAppSchema, { intent: "add-app", title: "Router", url: " HTTP://192.168.1.1 ", iconUrl: "" }],
  ["note", AddNoteSchema, { intent: "add-note", body: "first line\nsecond line" }],
  ["widget", AddWidgetSchema, { intent: "add-widget", integrationId: crypto.randomUUID(), title: "", field: "" }],
  [
    "new user",
    NewUserSchema,
    { username: " Élodie.b ", email: "", displayName: "", password: "correct horse", confirmPassword: "correct horse" },
  ],
  ["profile", ProfileSchema, { intent: "profile", username: "Bob", displayName: "", email: "", avatarUrl: "" }],
  ["reset password", ResetPasswordSchema, { intent: "password", password: "correct horse", confirmPassword: "correct horse" }],
  ["own profile", AccountProfileSchema, { intent: "profile", displayName: "", email: "", avatarUrl: "" }],
  [
    "own password",
    ChangePasswordSchema,
    { intent: "password", currentPassword: "old", password: "correct horse", confirmPassword: "correct horse" },
  ],
  ["new group", NewGroupSchema, { name: " Ops ", description: "" }],
  ["rename group", RenameGroupSchema, { intent: "rename", name: "Ops", description: "" }],
  ["api key", CreateApiKeySchema, { intent: "create", description: "backup script", expiresOn: "2030-01-31" }],
  ["integration, secrets kept", IntegrationSchema, { name: "Pi-hole", url: "http://192.168.1.2/admin", "secret.apiKey": "" }],
];

describe("the constraints a form puts in the page", () => {
  it.each(ACCEPTED)("never refuse what the server accepts: %s", (_, schema, fields) => {
    expect(parseWithValibot(formData(fields), { schema }).status).toBe("success");
    const constraints = browserConstraint(schema);
    const refused = Object.entries(fields).filter(([name, value]) => !browserAllows(constraints[name], value));
    expect(refused).toEqual([]);
  });

  it("mark the fields the server requires, and their lengths", () => {
    const user = browserConstraint(NewUserSchema);
    expect(user.username).toMatchObject({ required: true, maxLength: 64 });
    expect(user.password).toMatchObject({ required: true, minLength: 8, maxLength: 256 });
    expect(user.email.required).toBe(false);
    expect(browserConstraint(NewBoardSchema).title).toMatchObject({ required: true, maxLength: 100 });
    expect(browserConstraint(AddNoteSchema).body).toMatchObject({ required: true, maxLength: 2000 });
  });

  it("leave out a pattern the server tests only after trimming or lower-casing, and keep one tested as typed", () => {
    expect(browserConstraint(NewBoardSchema).name.pattern).toBeUndefined();
    expect(browserConstraint(NewUserSchema).username.pattern).toBeUndefined();
    expect(browserConstraint(CreateApiKeySchema).expiresOn.pattern).toBeDefined();
  });
});
