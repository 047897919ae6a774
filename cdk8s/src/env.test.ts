/**
 * The environment each manifest sets matches the service's own schema, both ways: every
 * variable set is one the schema reads, every variable the schema requires (no default) is
 * set, and the whole environment (Secret references filled with well-formed stand-ins)
 * parses. The schemas are imported from the deployables by path: cdk8s may not depend on a
 * deployable as a package (scripts/check-dependencies.ts), and a copy could drift.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { V1EnvVar } from "@kubernetes/client-node";
import type { z } from "zod";
import { OPERATOR_RUNTIME_ENV } from "../../operator/runtime-env.ts";
import { OperatorEnv } from "../../operator/src/env.ts";
import { ApiEnv } from "../../services/api/src/env.ts";
import { BeatEnv } from "../../services/beat/src/env.ts";
import { MlEnv } from "../../services/ml/src/env.ts";
import { WorkerEnv } from "../../services/worker/src/env.ts";
import type { SECRET_KEYS } from "./env.ts";
import { type FincoachSettings, PROFILES, prodSettings } from "./settings.ts";
import { find, objectsOf, podSpecOf } from "./test-support.ts";

type Shape = Record<string, z.ZodType>;
/** The object schema's keys (BeatEnv is an object piped into a transform). */
const shapeOf = (schema: z.ZodType): Shape => {
  const s = schema as unknown as { shape?: Shape; in?: { shape?: Shape } };
  const shape = s.shape ?? s.in?.shape;
  if (!shape) throw new Error("not an object schema");
  return shape;
};

/** Well-formed stand-ins for the Secret's keys (the real values never appear in a manifest). */
const STAND_INS: Record<keyof typeof SECRET_KEYS | "SMTP_URL" | "NUDGES_LLM_API_KEY", string> = {
  SMTP_URL: "smtp://mailer:pw@mail.example:587",
  NUDGES_LLM_API_KEY: "sk-test",
  DATABASE_URL: "postgres://fincoach:pw@db.example:5432/fincoach",
  REDIS_URL: "redis://redis.example:6379",
  JWT_SECRET: "j".repeat(40),
  CONNECTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  PLAID_CLIENT_ID: "client",
  PLAID_SECRET: "secret",
};

const resolve = (env: readonly V1EnvVar[]): Record<string, string> =>
  Object.fromEntries(
    env.map((e) => {
      if (e.value !== undefined) return [e.name, e.value];
      const key = e.valueFrom?.secretKeyRef?.key as keyof typeof STAND_INS | undefined;
      if (key) return [e.name, STAND_INS[key]];
      if (e.valueFrom?.fieldRef) return [e.name, "fincoach"];
      throw new Error(`${e.name}: no value`);
    }),
  );

const SCHEMAS: Record<string, { schema: z.ZodType; extra?: readonly string[] }> = {
  "fincoach-api": { schema: ApiEnv },
  "fincoach-ml": { schema: MlEnv },
  "fincoach-worker": { schema: WorkerEnv },
  "fincoach-beat": { schema: BeatEnv },
  // The image's own V8/glibc settings may be overridden in the pod spec (operator/runtime-env.ts).
  "fincoach-operator": { schema: OperatorEnv, extra: Object.keys(OPERATOR_RUNTIME_ENV) },
};

/** Every optional part of the environment configured: e-mail, webhook ranges, LLM nudges. */
const configured = (): FincoachSettings => {
  const p = prodSettings();
  return {
    ...p,
    notifications: { smtp: { urlSecretKey: "SMTP_URL", from: "Coach <coach@example.org>" } },
    webhooks: { allowPrivate: false, allowedCidrs: "10.20.0.0/16,fd00::/8" },
    nudges: {
      llm: { baseUrl: "https://llm.example.org/v1", model: "small-model", apiKeySecretKey: "NUDGES_LLM_API_KEY" },
    },
  };
};
const CASES: Record<string, () => FincoachSettings> = { ...PROFILES, configured };

for (const [profile, settingsOf] of Object.entries(CASES)) {
  const objects = objectsOf(settingsOf());
  for (const [deployment, { schema, extra = [] }] of Object.entries(SCHEMAS)) {
    const env = podSpecOf(find(objects, "Deployment", deployment))?.containers[0]?.env ?? [];
    const shape = shapeOf(schema);

    test(`${profile}: ${deployment} sets only variables its schema reads`, () => {
      const unknown = env.map((e) => e.name).filter((n) => !(n in shape) && !extra.includes(n));
      assert.deepEqual(unknown, []);
    });

    test(`${profile}: ${deployment} sets every variable its schema requires`, () => {
      const required = Object.entries(shape)
        .filter(([, s]) => !s.safeParse(undefined).success)
        .map(([k]) => k);
      const set = new Set(env.map((e) => e.name));
      assert.deepEqual(
        required.filter((k) => !set.has(k)),
        [],
      );
    });

    test(`${profile}: ${deployment}'s environment parses with its schema`, () => {
      const result = schema.safeParse(resolve(env));
      assert.ok(result.success, result.success ? "" : JSON.stringify(result.error.issues));
    });

    test(`${profile}: ${deployment} has no variable twice`, () => {
      const names = env.map((e) => e.name);
      assert.equal(new Set(names).size, names.length);
    });
  }

  test(`${profile}: the migrate Job sets DATABASE_URL from the Secret and nothing else`, () => {
    const env = podSpecOf(find(objects, "Job", "fincoach-migrate"))?.containers[0]?.env ?? [];
    assert.deepEqual(
      env.map((e) => [e.name, e.valueFrom?.secretKeyRef?.key]),
      [["DATABASE_URL", "DATABASE_URL"]],
    );
  });
}

test("a schema's required key left out is caught (the check can fail)", () => {
  const shape = shapeOf(ApiEnv);
  assert.equal(shape.JWT_SECRET?.safeParse(undefined).success, false);
  assert.equal(shape.PORT?.safeParse(undefined).success, true);
});

test("configured: SMTP_URL reaches the worker and the LLM's three variables the API, secrets by reference", () => {
  const objects = objectsOf(configured());
  const envOf = (d: string) => podSpecOf(find(objects, "Deployment", d))?.containers[0]?.env ?? [];
  const byName = (d: string, n: string) => envOf(d).find((e) => e.name === n);
  assert.deepEqual(byName("fincoach-worker", "SMTP_URL")?.valueFrom?.secretKeyRef, {
    name: "fincoach",
    key: "SMTP_URL",
  });
  assert.deepEqual(byName("fincoach-api", "NUDGES_LLM_API_KEY")?.valueFrom?.secretKeyRef, {
    name: "fincoach",
    key: "NUDGES_LLM_API_KEY",
  });
  assert.equal(byName("fincoach-api", "NUDGES_LLM_MODEL")?.value, "small-model");
  for (const d of ["fincoach-api", "fincoach-worker"])
    assert.equal(byName(d, "WEBHOOK_ALLOWED_CIDRS")?.value, "10.20.0.0/16,fd00::/8");
  // Unconfigured (prod): none of the optional variables.
  const prod = objectsOf(prodSettings());
  const names = ["fincoach-api", "fincoach-worker"].flatMap(
    (d) => podSpecOf(find(prod, "Deployment", d))?.containers[0]?.env?.map((e) => e.name) ?? [],
  );
  for (const n of ["SMTP_URL", "NUDGES_LLM_BASE_URL", "NUDGES_LLM_MODEL", "NUDGES_LLM_API_KEY"])
    assert.ok(!names.includes(n), n);
});
