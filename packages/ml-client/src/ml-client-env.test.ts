import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { z } from "zod";
import { checkMlClientEnv, MlClientEnv, toMlClientConfig } from "./ml-client-env.ts";
import { createScoreModelFromConfig } from "./score-model-from-config.ts";

/** A service's schema as the API and the worker build theirs: the keys spread, the check added. */
const ServiceEnv = z.object({ OTHER: z.string().default("x"), ...MlClientEnv }).superRefine(checkMlClientEnv);
const logger = createLogger({ service: "test", level: "silent" });

test("defaults: no ML service, so no model stage (rules and memory decide alone)", () => {
  const env = ServiceEnv.parse({});
  assert.deepEqual(toMlClientConfig(env), {
    url: undefined,
    urlTemplate: undefined,
    trafficWeightsFile: undefined,
    model: "categorizer",
    timeoutMs: 2000,
  });
  assert.equal(createScoreModelFromConfig(toMlClientConfig(env), logger), undefined);
});

test("string values are coerced and mapped to the grouped config", () => {
  const env = ServiceEnv.parse({ ML_URL: "http://ml:8080", ML_MODEL: "m", ML_TIMEOUT_MS: "150" });
  assert.deepEqual(toMlClientConfig(env), {
    url: "http://ml:8080",
    urlTemplate: undefined,
    trafficWeightsFile: undefined,
    model: "m",
    timeoutMs: 150,
  });
  assert.equal(typeof createScoreModelFromConfig(toMlClientConfig(env), logger), "function");
});

test("bad values are refused with the key named", () => {
  const issues = (input: Record<string, string>) =>
    ServiceEnv.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  assert.match(
    issues({ TRAFFIC_WEIGHTS_FILE: "/w.json" }).join(),
    /^ML_URL_TEMPLATE: is needed with TRAFFIC_WEIGHTS_FILE/,
  );
  assert.match(issues({ ML_URL_TEMPLATE: "http://ml:8080" }).join(), /^ML_URL_TEMPLATE: must contain \{service\}/);
  assert.match(issues({ ML_URL: "ftp://ml" }).join(), /^ML_URL: /);
  assert.match(issues({ ML_TIMEOUT_MS: "0" }).join(), /^ML_TIMEOUT_MS: /);
  assert.deepEqual(issues({ TRAFFIC_WEIGHTS_FILE: "/w.json", ML_URL_TEMPLATE: "http://{service}:8080" }), []);
});
