import * as v from "valibot";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";
import { USERNAME_PATTERN, nameAmbiguity } from "./usernames";

export { USERNAME_PATTERN };

// Form schemas shared by the server (the real check) and the browser (live hints with JavaScript on).

export const LoginSchema = v.object({
  username: v.pipe(
    v.string("Enter your username"),
    v.trim(),
    v.nonEmpty("Enter your username"),
    v.maxLength(256, "That username is too long"),
  ),
  password: v.pipe(
    v.string("Enter your password"),
    v.nonEmpty("Enter your password"),
    v.maxLength(PASSWORD_MAX_LENGTH, `Passwords have at most ${PASSWORD_MAX_LENGTH} characters`),
  ),
  remember: v.optional(v.boolean(), false),
  redirectTo: v.optional(v.string()),
});

export const usernameField = v.pipe(
  v.string("Choose a username"),
  v.trim(),
  v.nonEmpty("Choose a username"),
  v.maxLength(64, "Usernames have at most 64 characters"),
  v.regex(USERNAME_PATTERN, "Use letters, digits and . _ @ - (starting with a letter or digit)"),
  v.check(
    (name) => nameAmbiguity(name) === null,
    (issue) => nameAmbiguity(String(issue.input)) ?? "Choose another username",
  ),
);

export const newPasswordField = v.pipe(
  v.string("Choose a password"),
  v.minLength(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`),
  v.maxLength(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`),
);

export const OnboardingSchema = v.pipe(
  v.object({
    username: usernameField,
    password: newPasswordField,
    confirmPassword: v.string("Type the password again"),
  }),
  v.forward(
    v.partialCheck([["password"], ["confirmPassword"]], (input) => input.password === input.confirmPassword, "The passwords don't match"),
    ["confirmPassword"],
  ),
);
