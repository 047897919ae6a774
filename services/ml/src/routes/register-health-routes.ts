import { withDeadline } from "@fincoach/http";
import { safeError } from "@fincoach/logging";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MlContext } from "../ml-context.ts";
import { mlDependencyChecks } from "./dependency-checks.ts";

const NOT_READY = "https://fincoach.dev/problems/not-ready";
const CHECK_TIMEOUT_MS = 800;

/**
 * `/healthz` (alive) and `/readyz`: PostgreSQL and Redis answer, and a version of the shared
 * model serves here. Unlike @fincoach/http's registerHealth, the body also lists every
 * version this process was asked to serve with its refusal, so a refused artifact is visible
 * where the kubelet and a person look first. A refused version next to one that serves
 * leaves the process ready: the old version keeps answering.
 */
export const registerHealthRoutes = (app: OpenAPIHono<MlContext>): void => {
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const deps = c.get("deps");
    const { ml } = deps;
    const probe = async (name: string, work: () => Promise<unknown>): Promise<[string, "ok" | "down"]> => {
      try {
        await withDeadline(work(), CHECK_TIMEOUT_MS);
        return [name, "ok"];
      } catch (e) {
        c.get("logger").warn({ check: name, err: safeError(e) }, "readiness check failed");
        return [name, "down"];
      }
    };
    const checks = Object.fromEntries(
      await Promise.all(mlDependencyChecks(deps).map(({ name, check }) => probe(name, check))),
    );
    checks.model = ml.router.champion() ? "ok" : "down";
    const models = ml.registry.states().map((s) => ({
      model: s.ref.model,
      version: s.ref.version,
      serving: s.serving,
      refusal: s.refusal,
    }));
    const down = Object.entries(checks).filter(([, status]) => status === "down");
    if (down.length === 0) return c.json({ status: "ready", checks, models }, 200);
    const problem = {
      type: NOT_READY,
      title: "Service Unavailable",
      status: 503,
      detail: `not ready: ${down.map(([name]) => (name === "model" ? "no model version serves" : `${name} did not answer`)).join(", ")}`,
      instance: c.req.path,
      checks,
      models,
    };
    return c.body(JSON.stringify(problem), 503, { "content-type": "application/problem+json" });
  });
};
