export {
  OPENAI_STAND_IN_MODES,
  type OpenAIRequestRecord,
  type OpenAIStandIn,
  type OpenAIStandInMode,
  startOpenAIStandIn,
} from "./openai-stand-in.ts";
