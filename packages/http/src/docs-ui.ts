import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { html } from "hono/html";
import type { BaseEnv } from "./base-env.ts";

const require = createRequire(import.meta.url);
/** The pinned swagger-ui-dist (exact version in package.json): its files are served as they ship. */
const SWAGGER_UI_VERSION: string = require("swagger-ui-dist/package.json").version;

/**
 * Everything the page loads, served by the API itself from node_modules: no CDN, so the
 * docs work on an offline cluster and no third party can change the code that runs on the
 * API's origin. Only these files: the package's own index.html and initializer are not.
 */
const ASSETS = {
  "swagger-ui.css": { file: require.resolve("swagger-ui-dist/swagger-ui.css"), type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": {
    file: require.resolve("swagger-ui-dist/swagger-ui-bundle.js"),
    type: "text/javascript; charset=utf-8",
  },
  "init.js": {
    file: fileURLToPath(new URL("../assets/docs-init.js", import.meta.url)),
    type: "text/javascript; charset=utf-8",
  },
} as const;
type AssetName = keyof typeof ASSETS;

/**
 * The page's policy: scripts, styles and fetches only from the API's own origin (no inline
 * script or style: the initializer is a file, not a `<script>` body). `img-src data:` is the
 * one exception, strictly needed: swagger-ui.css draws its icons (arrows, locks, the
 * copy button) as `data:image/svg+xml` backgrounds. Nothing may frame the page, and it
 * can't be pointed at another base URL or submit forms elsewhere.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Assets' URLs carry the version, so a browser's day-long copy never outlives an upgrade. */
const assetUrl = (name: AssetName) => `/docs/${name}?v=${SWAGGER_UI_VERSION}`;

const page = (title: string, documentUrl: string) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${assetUrl("swagger-ui.css")}"></head>
<body><div id="swagger-ui" data-url="${documentUrl}"></div>
<script src="${assetUrl("swagger-ui-bundle.js")}"></script>
<script src="${assetUrl("init.js")}"></script></body></html>`;

/**
 * `/docs`: Swagger UI rendering the OpenAPI document at `documentUrl`, with its assets under
 * `/docs/…`. Files are read on first request and kept (about 2 MB), not at registration:
 * building an app does no I/O.
 */
export const registerDocsUi = <E extends BaseEnv>(
  app: OpenAPIHono<E>,
  { title, documentUrl }: { title: string; documentUrl: string },
): void => {
  const loaded = new Map<AssetName, Promise<Buffer>>();
  const load = (name: AssetName) => {
    let bytes = loaded.get(name);
    if (!bytes) {
      bytes = readFile(ASSETS[name].file);
      loaded.set(name, bytes);
      bytes.catch(() => loaded.delete(name)); // a failed read is tried again next time
    }
    return bytes;
  };
  app.get("/docs", (c) => {
    c.header("content-security-policy", DOCS_CSP);
    return c.html(page(title, documentUrl));
  });
  for (const name of Object.keys(ASSETS) as AssetName[]) {
    app.get(`/docs/${name}`, async (c) =>
      c.body(new Uint8Array(await load(name)), 200, {
        "content-type": ASSETS[name].type,
        "cache-control": "public, max-age=86400",
      }),
    );
  }
};
