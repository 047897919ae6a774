import type { PipelineWarn, ScoreModel } from "@fincoach/domain";
import type { Context } from "hono";
import type { ApiContext } from "../api-context.ts";

/** The pipeline's model stage and its warning, logged on the request's logger (with its request id). */
export const pipelineDepsOf = (c: Context<ApiContext>): { scoreModel: ScoreModel | undefined; warn: PipelineWarn } => {
  const logger = c.get("logger");
  return { scoreModel: c.get("deps").scoreModel, warn: (message, detail) => logger.warn(detail, message) };
};
