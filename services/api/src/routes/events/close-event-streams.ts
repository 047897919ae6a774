import type { ApiDeps } from "../../api-context.ts";
import { openStreamsOf } from "./open-streams-of.ts";

/**
 * Ends this process's open `GET /v1/events` streams. Call on shutdown before waiting for
 * the server to close: an SSE response never ends on its own, so `server.close()` would wait
 * for the clients (which then reconnect to another replica and resume, losing nothing).
 */
export const closeEventStreams = (deps: ApiDeps): void => openStreamsOf(deps).closeAll();
