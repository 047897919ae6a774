import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import type { BaseEnv } from "./base-env.ts";
import { DOCS_CSP } from "./docs-ui.ts";
import { newApp } from "./new-app.ts";
import { registerOpenApi } from "./openapi-docs.ts";

const app = newApp<BaseEnv>({
  service: "test",
  logger: createLogger({ service: "test", level: "silent" }),
  metrics: createMetrics("test"),
});
registerOpenApi(app, { title: "Fin<Coach>", version: "test" });

/** Every URL the page loads: src and href attributes. */
const urlsOf = (page: string) => [...page.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);

test("/docs: a page that loads only same-origin files, under a CSP allowing only 'self'", async () => {
  const res = await app.request("/docs");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const page = await res.text();
  assert.doesNotMatch(page, /\/\/[a-z0-9.-]+\.[a-z]{2,}/i, "no external origin anywhere in the page");
  assert.doesNotMatch(page, /<script>|<style|style=/, "no inline script or style");
  const urls = urlsOf(page);
  assert.equal(urls.length, 3);
  assert.ok(urls.every((u) => u.startsWith("/docs/")));
  assert.match(page, /data-url="\/openapi.json"/);
  assert.match(page, /Fin&lt;Coach&gt; API/, "the title is escaped");
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.equal(csp, DOCS_CSP);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
});

test("the page's assets answer 200 with their content types, from the pinned package", async () => {
  const page = await (await app.request("/docs")).text();
  const types: Record<string, RegExp> = { css: /^text\/css/, js: /^text\/javascript/ };
  for (const url of urlsOf(page)) {
    const res = await app.request(url);
    assert.equal(res.status, 200, url);
    const ext = new URL(url, "http://x").pathname.split(".").pop()!;
    assert.match(res.headers.get("content-type") ?? "", types[ext]!, url);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", url);
    const body = await res.text();
    assert.ok(body.length > 100, url);
    if (url.includes("swagger-ui-bundle.js")) assert.match(body, /SwaggerUIBundle/);
    if (url.includes("init.js")) assert.match(body, /validatorUrl: null/);
  }
});

test("nothing else of swagger-ui-dist is served (its index.html runs inline script)", async () => {
  for (const path of ["/docs/index.html", "/docs/swagger-initializer.js", "/docs/../package.json"]) {
    assert.equal((await app.request(path)).status, 404, path);
  }
});
