import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** A parsed example from crds/examples (plain JSON, as a person wrote it). */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> };

/** Reads crds/examples/<file>. */
export const loadExample = (file: string): Manifest =>
  parse(readFileSync(join(import.meta.dirname, "..", "..", "examples", file), "utf8"));

/** One object that both the zod schema and the apiserver must reject, and what the rejection says. */
export type InvalidCase = {
  what: string;
  manifest: Manifest;
  /** The field the error names (`spec.rollout.stepWeight`); empty for whole-object rules. */
  field: string;
  /** A fragment both the zod issue and the apiserver's message contain. */
  message: RegExp;
};

/** An example renamed to `name`, with `changes` (dotted paths under spec) set. */
const edit = (file: string, name: string, changes: Record<string, unknown>): Manifest => {
  const m = loadExample(file);
  m.metadata.name = name;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(".");
    let node = m.spec;
    for (const k of keys.slice(0, -1)) {
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = value;
  }
  return m;
};
const ss = (name: string, changes: Record<string, unknown>) => edit("sync-schedule-nightly.yaml", name, changes);
const mv = (name: string, changes: Record<string, unknown>) => edit("model-version-v2-canary.yaml", name, changes);

/** The invalid CRs the unit tests (zod) and the integration tests (apiserver) both reject. */
export const INVALID_CASES: InvalidCase[] = [
  {
    what: "stepWeight above maxWeight",
    manifest: mv("bad-step", { "rollout.stepWeight": 60, "rollout.maxWeight": 50 }),
    field: "spec.rollout.stepWeight",
    message: /stepWeight must not exceed maxWeight/,
  },
  {
    what: "a weight of 101",
    manifest: mv("bad-weight", { "rollout.stepWeight": 10, "rollout.maxWeight": 101 }),
    field: "spec.rollout.maxWeight",
    message: /100/,
  },
  {
    what: "a short sha256",
    manifest: mv("bad-sha-short", { "artifact.sha256": "abc123" }),
    field: "spec.artifact.sha256",
    message: /sha256 must be 64 lowercase hex characters/,
  },
  {
    what: "an upper-case sha256",
    manifest: mv("bad-sha-case", { "artifact.sha256": "A".repeat(64) }),
    field: "spec.artifact.sha256",
    message: /sha256 must be 64 lowercase hex characters/,
  },
  {
    what: "an interval that is not a duration",
    manifest: mv("bad-interval", { "rollout.interval": "soon" }),
    field: "spec.rollout.interval",
    message: /interval must be a duration/,
  },
  {
    what: "a minute of 61 in the cron",
    manifest: ss("bad-cron-range", { schedule: "61 2 * * *" }),
    field: "spec.schedule",
    message: /5-field cron expression/,
  },
  {
    what: "a cron with four fields",
    manifest: ss("bad-cron-fields", { schedule: "0 2 * *" }),
    field: "spec.schedule",
    message: /5-field cron expression/,
  },
  {
    what: "a time zone of the wrong shape",
    manifest: ss("bad-tz", { timeZone: "GMT +2" }),
    field: "spec.timeZone",
    message: /IANA time zone/,
  },
  {
    what: "minReplicas above maxReplicas",
    manifest: ss("bad-replicas", { "workers.minReplicas": 9, "workers.maxReplicas": 2 }),
    field: "spec.workers.minReplicas",
    message: /minReplicas must not exceed maxReplicas/,
  },
  {
    what: "an unknown source",
    manifest: ss("bad-source", { source: "fax" }),
    field: "spec.source",
    message: /"mail"/,
  },
  {
    what: "an unknown concurrency policy",
    manifest: ss("bad-policy", { concurrencyPolicy: "Never" }),
    field: "spec.concurrencyPolicy",
    message: /"Forbid"/,
  },
  {
    what: "In without values in the user selector",
    manifest: ss("bad-selector", { userSelector: { matchExpressions: [{ key: "plan", operator: "In" }] } }),
    field: "spec.userSelector.matchExpressions[0].values",
    message: /values must be non-empty for In and NotIn/,
  },
];
