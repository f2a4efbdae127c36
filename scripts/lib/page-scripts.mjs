// What JavaScript each page makes the browser fetch, read from the build rather than from a server:
// Remix's browser manifest (build/client/assets/manifest-*.js) names, per route, its module and the
// chunks it imports; a page loads the client entry, its imports, and those of every route it matches
// (root → layouts → page). A route whose `handle` says `hydrate: false` (app/utils/hydration.ts) loads
// none of it. Sizes are what a browser is sent (the build's brotli copy, as app/server/static.server.ts
// serves it to every browser that accepts br) and gzip (level 6); the bench and tests/e2e/js-budget.spec.ts
// share this.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/** Remix's browser manifest of the build in `dir`. */
export function readManifest(dir = "build") {
  const assets = path.join(dir, "client", "assets");
  const file = readdirSync(assets).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  if (!file) throw new Error(`No Remix manifest in ${assets}: build first (npm run build)`);
  return JSON.parse(
    readFileSync(path.join(assets, file), "utf8")
      .replace(/^window\.__remixManifest=/, "")
      .replace(/;\s*$/, ""),
  );
}

/**
 * From the server build, per route id: whether it renders a page (a default export; the others are
 * resource routes) and whether it is hydrated (its `handle` doesn't say `hydrate: false`).
 */
export async function routeKinds(dir = "build") {
  const build = await import(pathToFileURL(path.resolve(dir, "server", "index.js")).href);
  return Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => [
      id,
      { page: Boolean(route.module.default), hydrate: route.module.handle?.hydrate !== false },
    ]),
  );
}

/** The gzip size of one built file (`/assets/…`). */
export function gzipBytes(dir, url) {
  return gzipSync(readFileSync(path.join(dir, "client", url))).length;
}

/** The bytes a browser accepting brotli receives for one built file: its `.br` copy, else the file. */
export function sentBytes(dir, url) {
  const file = path.join(dir, "client", url);
  return statSync(existsSync(`${file}.br`) ? `${file}.br` : file).size;
}

/**
 * Whether a built file holds Conform's form runtime (its intent field, `__intent__`, is in no other code):
 * a page loading it validates a form as one types. Rollup names the chunk after whichever module it
 * merged first, so the name can't tell.
 */
const holdsConform = (dir, url) => readFileSync(path.join(dir, "client", url), "utf8").includes("__intent__");

/**
 * Per page route (`kinds` from routeKinds): the script files the page loads, their gzip and sent bytes,
 * and whether one of its forms validates live.
 */
export function pageScripts(manifest, kinds, dir = "build") {
  const pages = {};
  for (const [id, route] of Object.entries(manifest.routes)) {
    if (!kinds[id]?.page) continue;
    const chain = [];
    for (let r = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) chain.unshift(r);
    const files = new Set();
    if (chain.every((r) => kinds[r.id]?.hydrate !== false)) {
      for (const f of [manifest.entry.module, ...manifest.entry.imports]) files.add(f);
      for (const r of chain) for (const f of [...(r.imports ?? []), r.module]) files.add(f);
    }
    const gzip = [...files].reduce((sum, f) => sum + gzipBytes(dir, f), 0);
    const sent = [...files].reduce((sum, f) => sum + sentBytes(dir, f), 0);
    pages[id] = { files: [...files], gzip, sent, liveForm: [...files].some((f) => holdsConform(dir, f)) };
  }
  return pages;
}

/**
 * A chunk loaded on demand (a dynamic `import()`), named by its source file's base name
 * (`password-strength`): its gzip bytes plus those of the chunks it imports that the entry doesn't
 * load already.
 */
export function lazyChunk(manifest, name, dir = "build") {
  const assets = path.join(dir, "client", "assets");
  const file = readdirSync(assets).find((f) => f.startsWith(`${name}-`) && /^[\w.-]+-[\w-]{8}\.js$/.test(f));
  if (!file) return null;
  const loaded = new Set([manifest.entry.module, ...manifest.entry.imports]);
  const files = new Set([`/assets/${file}`]);
  for (const [, dep] of readFileSync(path.join(assets, file), "utf8").matchAll(/from\s*"\.\/([\w.-]+\.js)"/g)) {
    if (!loaded.has(`/assets/${dep}`)) files.add(`/assets/${dep}`);
  }
  return { files: [...files], gzip: [...files].reduce((sum, f) => sum + gzipBytes(dir, f), 0) };
}

/**
 * Budgets of issue #18 in bytes sent (1 KB = 1024 bytes). React, React DOM and Remix's router alone are
 * 71 KB; Conform and valibot add 13 KB to a page whose form validates as one types, which the issue asks
 * to keep there (`liveForm`): such a page has its own, higher budget until the team decides otherwise.
 */
export const JS_BUDGETS = { signIn: 20 * 1024, otherPage: 80 * 1024, liveFormPage: 100 * 1024 };
