/**
 * Synthesizes one profile's manifests into named YAML files, deterministically (no
 * timestamps, no hashes, stable key order as cdk8s emits it), in the order to apply them:
 * the dev datastores (dev only), the CRDs, the migrate Job, then everything else.
 */
import { ApiObject, App, type Chart } from "cdk8s";
import { stringify } from "yaml";
import { CrdsChart, DevChart, FincoachChart, MigrateChart } from "./fincoach-chart.ts";
import { type Feature, featuresOf } from "./objects.ts";
import type { FincoachSettings } from "./settings.ts";

/** One object as synthesized, with the optional part it belongs to. */
export type SynthObject = {
  readonly file: ManifestFile;
  /** The optional parts it belongs to (all must be on). */
  readonly features: readonly Feature[];
  readonly json: Record<string, unknown>;
};

export const MANIFEST_FILES = ["0-dev.yaml", "1-crds.yaml", "2-migrate.yaml", "3-fincoach.yaml"] as const;
export type ManifestFile = (typeof MANIFEST_FILES)[number];

/** The objects of every chart, in apply order. */
export const synthObjects = (settings: FincoachSettings): SynthObject[] => {
  const app = new App();
  const charts: [ManifestFile, Chart][] = [];
  if (settings.dev.enabled) charts.push(["0-dev.yaml", new DevChart(app, "dev", settings)]);
  charts.push(["1-crds.yaml", new CrdsChart(app, "crds")]);
  charts.push(["2-migrate.yaml", new MigrateChart(app, "migrate", settings)]);
  charts.push(["3-fincoach.yaml", new FincoachChart(app, "fincoach", settings)]);
  return charts.flatMap(([file, chart]) =>
    chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => ({ file, features: featuresOf(o), json: o.toJson() as Record<string, unknown> })),
  );
};

/**
 * Objects as a multi-document YAML stream. Written as YAML 1.1, which kubectl reads: a
 * string like `no` (redis's `--appendonly no`) is quoted, not read back as false.
 */
export const toYamlStream = (objects: readonly Record<string, unknown>[]): string =>
  objects.map((o) => stringify(o, { lineWidth: 0, version: "1.1" })).join("---\n");

/** file name -> YAML, for one profile's settings. */
export const synthFiles = (settings: FincoachSettings): Map<ManifestFile, string> => {
  const files = new Map<ManifestFile, string>();
  const objects = synthObjects(settings);
  for (const file of MANIFEST_FILES) {
    const inFile = objects.filter((o) => o.file === file).map((o) => o.json);
    if (inFile.length > 0) files.set(file, toYamlStream(inFile));
  }
  return files;
};
