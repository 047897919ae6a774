export { type CheckVerdict, evaluateCheck } from "./evaluate-check.ts";
export type {
  RolloutEvent,
  RolloutInput,
  RolloutOutput,
  RolloutVersion,
  StatsRequest,
  StatsResult,
} from "./rollout-types.ts";
export { stepRollout } from "./step-rollout.ts";
