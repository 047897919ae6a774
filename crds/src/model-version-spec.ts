import { DURATION_PATTERN, Duration } from "@fincoach/contracts";
import { z } from "zod";
import { celRegex, withCel } from "./cel.ts";
import { ResourceRequirements } from "./common.ts";

const SHA256 = "^[a-f0-9]{64}$";
const immutable = (what: string) => ({
  rule: "self == oldSelf",
  message: `${what} is immutable; create a new ModelVersion`,
});

/** The model file a version serves, pinned by digest. */
export const Artifact = z
  .object({
    uri: z
      .string()
      .min(1)
      .max(2048)
      .regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/, "must be a URI such as pg://model-artifacts/<sha256> or https://host/path")
      .describe(
        "Where the ML service loads the model from: pg://model-artifacts/<sha256> (stored by its train command), https://, http:// or file://.",
      ),
    sha256: withCel(z.string().max(64), [
      {
        rule: `self.matches(${celRegex(SHA256)})`,
        message: "sha256 must be 64 lowercase hex characters",
        check: (s) => new RegExp(SHA256).test(s),
      },
    ]).describe("SHA-256 of the file; the ML service refuses a file that does not match."),
    format: z.enum(["onnx"]).default("onnx").describe("File format."),
  })
  .describe("The model artifact.");

/** The quality gates a candidate must pass at every analysis check. */
export const Thresholds = z
  .object({
    minSamples: z
      .int()
      .min(0)
      .default(100)
      .describe("Fewest predictions in the interval for a check to count; fewer fails it."),
    maxErrorRate: z.number().min(0).max(1).default(0.05).describe("Highest error rate (0-1) that passes."),
    maxLatencyP99Ms: z.number().min(0).default(1000).describe("Highest p99 latency in milliseconds that passes."),
    minFeedbackAcceptance: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "Lowest share of accepted feedback (0-1) that passes; unset = not checked. When set, no feedback fails.",
      ),
  })
  .describe("Analysis thresholds, checked every interval over that interval's stats.");

/** How a candidate is stepped in (Flagger-style canary analysis). */
export const Rollout = withCel(
  z.object({
    stepWeight: z.int().min(1).max(100).default(10).describe("Traffic percentage added per passed check."),
    maxWeight: z
      .int()
      .min(1)
      .max(100)
      .default(50)
      .describe("Traffic percentage after which the candidate is promoted."),
    interval: withCel(z.string().min(1).max(32), [
      {
        rule: `self.matches(${celRegex(DURATION_PATTERN)}) && duration(self) > duration('0s')`,
        message: "interval must be a duration such as 30s, 1m or 1h30m",
        check: (s) => Duration.safeParse(s).success,
      },
    ])
      .default("1m")
      .describe("Time between analysis checks (also the stats window)."),
    threshold: z.int().min(1).max(100).default(5).describe("Failed checks before the candidate is rolled back."),
    thresholds: Thresholds.prefault({}),
  }),
  [
    {
      rule: "self.stepWeight <= self.maxWeight",
      message: "stepWeight must not exceed maxWeight",
      fieldPath: ".stepWeight",
      check: (r) => r.stepWeight <= r.maxWeight,
      path: ["stepWeight"],
    },
  ],
).describe(
  "Canary rollout settings; ignored for the first version of a model, which serves 100% once its pods are available.",
);

/** What a person asks for: serve this artifact as this version of this model, and roll it out like so. */
export const ModelVersionSpec = z
  .object({
    model: withCel(
      z
        .string()
        .max(40)
        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1035 label such as categorizer"),
      [immutable("model")],
    ).describe("The model this is a version of, e.g. categorizer."),
    version: withCel(
      z
        .string()
        .max(20)
        .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be lowercase letters, digits, '-' and '.', e.g. v2"),
      [immutable("version")],
    ).describe("The version name, unique per model, e.g. v2."),
    image: z.string().min(1).max(512).describe("The ML service image that loads the artifact."),
    artifact: Artifact,
    labels: z
      .array(z.string().min(1).max(100))
      .max(1000)
      .default([])
      .meta({ "x-kubernetes-list-type": "set" })
      .describe("The classes the model predicts, in the model's output order."),
    replicas: z.int().min(0).max(100).default(1).describe("Inference Deployment replicas while the version serves."),
    resources: ResourceRequirements.optional(),
    // The whole object as default, not `{}`: the apiserver checks a default against the
    // CEL rules without applying the nested defaults first, so `{}` fails stepWeight <= maxWeight.
    rollout: Rollout.default(Rollout.parse({})),
  })
  .describe("Desired state of a ModelVersion.");
export type ModelVersionSpec = z.output<typeof ModelVersionSpec>;
/** A spec as written by a person, before the apiserver's defaults. */
export type ModelVersionSpecInput = z.input<typeof ModelVersionSpec>;
