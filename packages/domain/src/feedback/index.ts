export { FeedbackInput, recordFeedback, recordFeedbackBatch } from "./record-feedback.ts";
