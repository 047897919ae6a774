import type { ApiDeps } from "../../api-context.ts";
import { createOpenStreams, type OpenStreams } from "./open-streams.ts";

// One per deps (i.e. per API process), like the rate limiters.
const built = new WeakMap<ApiDeps, OpenStreams>();

/** This process's open event streams (see open-streams.ts). */
export const openStreamsOf = (deps: ApiDeps): OpenStreams => {
  let s = built.get(deps);
  if (!s) {
    s = createOpenStreams(deps.config.events.maxStreamsPerPerson);
    built.set(deps, s);
  }
  return s;
};
