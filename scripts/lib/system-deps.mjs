// The Debian packages the test suite needs, installed with apt when we are root.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** package name → a file that proves it is installed */
export const TEST_PACKAGES = {
  chromium: "/usr/bin/chromium",
  // The same Chromium without its desktop shell: half the e2e suite's time on 2 cores (ADR 032).
  "chromium-headless-shell": "/usr/bin/chromium-headless-shell",
  slapd: "/usr/sbin/slapd",
  "ldap-utils": "/usr/bin/ldapsearch",
  openssl: "/usr/bin/openssl",
  // A real reverse proxy in front of Porch (tests/e2e/proxy.spec.ts).
  nginx: "/usr/sbin/nginx",
  // Forward auth behind Caddy (tests/e2e/protected-apps.spec.ts).
  caddy: "/usr/bin/caddy",
};

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  return result.status === 0;
}

/** Installs what is missing when possible; otherwise says in one line what to install and exits. */
export function ensureSystemPackages(packages = TEST_PACKAGES) {
  const missing = Object.entries(packages)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(
      `npm test needs these system packages: ${missing.join(" ")}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(" ")}) and run npm test again.`,
    );
    process.exit(1);
  }
  console.log(`Installing system packages for the tests: ${missing.join(" ")}…`);
  if (!run("apt-get", ["update", "-qq"]) || !run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing])) {
    console.error(`Could not install ${missing.join(" ")} with apt-get; install them by hand and run npm test again.`);
    process.exit(1);
  }
  const still = Object.entries(packages).filter(([, file]) => !existsSync(file));
  if (still.length) {
    console.error(`apt-get finished but ${still.map(([, f]) => f).join(", ")} is still missing.`);
    process.exit(1);
  }
}
