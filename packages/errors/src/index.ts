export {
  AppError,
  type AppErrorOptions,
  conflict,
  type FieldIssue,
  invalidField,
  isAppError,
  notFound,
  unauthorized,
  validationError,
} from "./app-error.ts";
export { ErrorCode } from "./codes.ts";
