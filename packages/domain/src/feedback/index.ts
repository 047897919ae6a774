export { FeedbackInput, recordFeedback } from "./record-feedback.ts";
