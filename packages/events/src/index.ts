export { alertEventSink } from "./alert-event-sink.ts";
export { publishUserEvent } from "./publish-user-event.ts";
export { readUserEvents, type StoredUserEvent } from "./read-user-events.ts";
export { type ResumePoint, resumePoint, STREAM_START } from "./resume-point.ts";
export { compareStreamIds, isStreamId } from "./stream-id.ts";
export {
  parseUserEvent,
  SyncCounts,
  USER_EVENT_NAMES,
  type UserEvent,
  type UserEventName,
  UserEventPayloads,
} from "./user-event.ts";
export { BACKLOG_MAX_LENGTH, BACKLOG_TTL_SECONDS, userEventStreamKey } from "./user-event-stream.ts";
