import { ModelsResponse, type ModelVersionInfo } from "@fincoach/contracts";
import { listModelVersions } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MlContext } from "../ml-context.ts";
import type { MlService } from "../ml-service.ts";
import { type VersionRef, versionKey } from "../registry/version-ref.ts";
import { jsonContent } from "./openapi-parts.ts";

/**
 * `GET /v1/models`: every registered version and, for each, whether it answers here, why it
 * was refused if it was, and its traffic weight and champion flag from the weights document.
 */
export const registerModelsRoute = (app: OpenAPIHono<MlContext>): void => {
  const route = createRoute({
    method: "get",
    path: "/v1/models",
    tags: ["models"],
    responses: { 200: jsonContent(ModelsResponse, "Registered versions, newest first") },
  });
  app.openapi(route, async (c) => c.json({ models: await listModels(c.get("deps").ml) }, 200));
};

export const listModels = async (ml: MlService): Promise<ModelVersionInfo[]> => {
  const rows = await listModelVersions({ ctx: { db: ml.database.db } });
  const states = new Map(ml.registry.states().map((s) => [versionKey(s.ref), s]));
  // A pinned version whose registration failed still belongs in the list.
  const registered = new Set(rows.map(versionKey));
  const unregistered = [...states.values()].filter((s) => !registered.has(versionKey(s.ref))).map((s) => s.ref);
  const weights = ml.weightsFile?.current() ?? null;
  return [...unregistered, ...rows].map((ref: VersionRef) => {
    const state = states.get(versionKey(ref));
    const weight = weights?.models[ref.model]?.versions.find((v) => v.version === ref.version);
    const loaded = ml.registry.get(ref.model, ref.version);
    const champion = weight ? weight.champion : ml.router.champion()?.ref.version === ref.version && !ref.userId;
    return {
      model: ref.model,
      version: ref.version,
      userId: ref.userId,
      artifact: { uri: ref.artifactUri, sha256: ref.artifactSha256, format: ref.format },
      labels: loaded?.artifact.labels.length ?? ref.labels.length,
      serving: state?.serving ?? false,
      refusal: state?.refusal ?? null,
      weight: weight?.weight ?? null,
      champion: champion && ref.model === ml.config.serving.defaultModel,
      training: ref.training,
      createdAt: ref.createdAt.toISOString(),
    };
  });
};
