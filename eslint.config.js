// ESLint: the recommended sets of @eslint/js, typescript-eslint (syntax only: no type-aware rules, so it
// stays fast), react-hooks and jsx-a11y. Each rule switched off says why (docs/decisions/018-prettier-and-eslint.md).
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "data/", ".cache/", "test-results/", "playwright-report/"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a parameter we must accept but don't read; rest siblings drop keys from a copy.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // `interface AppLoadContext extends PorchContext {}` is how a module augmentation merges (a type alias can't).
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
      // We match control characters on purpose: names, secrets and redirect paths must not contain them.
      "no-control-regex": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // <TextField autoFocus> is opted into only on the first field of single-purpose sign-in pages (login,
      // 2FA code, invite, first-run setup). Otherwise focus moves only after a submit, to the first wrong
      // field (field.tsx's focusIfWrong) or the confirmation (ui.tsx's Notice). A bare <input autoFocus>
      // anywhere else is still reported.
      "jsx-a11y/no-autofocus": ["error", { ignoreNonDOM: true }],
    },
  },
  {
    // Plain scripts the browser runs as they are (public/password-hint.js): browser globals only.
    files: ["public/**/*.js"],
    languageOptions: { globals: globals.browser, sourceType: "script" },
  },
  {
    // The components that forward the opt-in above, or move focus after a submit (to the first error, the
    // confirmation, or a key or link shown once).
    files: ["app/components/field.tsx", "app/components/ui.tsx", "app/components/one-time-link.tsx", "app/components/api-keys.tsx"],
    rules: { "jsx-a11y/no-autofocus": "off" },
  },
  {
    files: ["tests/e2e/**/*.ts"],
    // Playwright reads a fixture's needs from its destructured first parameter: `async ({}, use)` needs none.
    rules: { "no-empty-pattern": "off" },
  },
);
