export interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
}
export type RouteKinds = Record<string, { page: boolean; hydrate: boolean }>;
export declare function readManifest(dir?: string): Manifest;
export declare function routeKinds(dir?: string): Promise<RouteKinds>;
export declare function gzipBytes(dir: string, url: string): number;
export declare function sentBytes(dir: string, url: string): number;
export declare function pageScripts(
  manifest: Manifest,
  kinds: RouteKinds,
  dir?: string,
): Record<string, { files: string[]; gzip: number; sent: number; liveForm: boolean }>;
export declare function lazyChunk(manifest: Manifest, name: string, dir?: string): { files: string[]; gzip: number } | null;
export declare const JS_BUDGETS: { signIn: number; otherPage: number; liveFormPage: number };
