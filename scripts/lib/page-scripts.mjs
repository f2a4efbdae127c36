// What JavaScript each page makes the browser fetch, read from the build rather than from a server:
// Remix's browser manifest (build/client/assets/manifest-*.js) names, per route, its module and the
// chunks it imports; a page loads the client entry, its imports, and those of every route it matches
// (root → layouts → page). A route whose `handle` says `hydrate: false` (app/utils/hydration.ts) loads
// none of it. Sizes are gzip (level 6, as on the wire); the bench and tests/e2e/js-budget.spec.ts share this.
import { readdirSync, readFileSync } from "node:fs";
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

/** Per page route (`kinds` from routeKinds): the script files the page loads and their gzip bytes. */
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
    pages[id] = { files: [...files], gzip };
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

/** Budgets of issue #18, in gzip bytes (1 KB = 1024 bytes). */
export const JS_BUDGETS = { signIn: 20 * 1024, otherPage: 80 * 1024 };
