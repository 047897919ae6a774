import { invalidField } from "@fincoach/errors";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiContext } from "../../api-context.ts";

/** Room for the multipart boundaries and the small text fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export const fileTooLarge = (maxBytes: number) => invalidField("file", `is larger than the ${maxBytes}-byte limit`);

/**
 * Refuses an upload body bigger than the configured file limit (plus form overhead) before
 * it is buffered, so an oversized upload costs no memory. The exact file size is checked
 * again after parsing. The limit comes from config, hence built per request.
 */
export const uploadLimit: MiddlewareHandler<ApiContext> = (c, next) => {
  const { maxBytes } = c.get("deps").config.imports;
  return bodyLimit({
    maxSize: maxBytes + FORM_OVERHEAD_BYTES,
    onError: () => {
      throw fileTooLarge(maxBytes);
    },
  })(c, next);
};
