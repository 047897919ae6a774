import { getImport, ImportResult, ImportView, importStatement, listImports } from "@fincoach/domain";
import { invalidField } from "@fincoach/errors";
import { ImportFormat } from "@fincoach/importers";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonContent } from "../../http/openapi-helpers.ts";
import { pipelineDepsOf } from "../../ml/pipeline-deps.ts";
import { createImportSlots, type ImportSlots } from "./import-slots.ts";
import { publishImportEvents } from "./publish-import-events.ts";
import { fileTooLarge, uploadLimit } from "./upload-limit.ts";

const tags = ["imports"];

const ImportForm = z.object({
  // The OpenAPI generator has no mapping for z.file(): `type`/`format` spell it out.
  file: z.file().meta({
    type: "string",
    format: "binary",
    description: "The statement: CSV, OFX/QFX (v1 or v2), QIF, CAMT.053 or MT940",
  }),
  accountId: z.uuid().meta({ description: "The account the transactions go into" }),
  format: ImportFormat.optional().meta({ description: "Detected from the content and file name when absent" }),
  mapping: z
    .string()
    .optional()
    .meta({ description: 'CSV only: a JSON object mapping columns, e.g. {"date":"Date","amount":"Amount"}' }),
  statement: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .meta({
      description:
        "A file holding several accounts' statements: the account number (or 1-based index) of the one to import. " +
        "Without it, the statement whose account number matches the account's is imported.",
    }),
});

type ImportsConfig = ApiContext["Variables"]["deps"]["config"]["imports"];
/** One set of slots per process: keyed by its config object, which main.ts creates once. */
const slotsByConfig = new WeakMap<ImportsConfig, ImportSlots>();
const slotsFor = (config: ImportsConfig): ImportSlots => {
  let slots = slotsByConfig.get(config);
  if (!slots) {
    // The caps count files of the largest accepted size; smaller files weigh less.
    slots = createImportSlots({
      perProcessBytes: config.maxConcurrent * config.maxBytes,
      perPersonBytes: config.maxConcurrentPerPerson * config.maxBytes,
      minWeightBytes: 64 * 1024,
      retryAfterSeconds: 5,
    });
    slotsByConfig.set(config, slots);
  }
  return slots;
};

/**
 * Holds an import's share of the budget from before the upload is read until the response,
 * weighed by its declared size (without one, as the largest accepted file): a refused upload
 * costs no memory. Node's HTTP parser never reads past the declared length.
 */
const importSlot: MiddlewareHandler<ApiContext> = (c, next) => {
  const config = c.get("deps").config.imports;
  const declared = Number(c.req.header("content-length"));
  const bytes = Number.isFinite(declared) && declared > 0 ? Math.min(declared, config.maxBytes) : config.maxBytes;
  return slotsFor(config).run(c.get("userId"), bytes, () => next());
};

const parseMapping = (text: string | undefined): unknown => {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidField("mapping", "must be a JSON object");
  }
};

/** `/v1/imports`: upload a bank statement into an account (synchronously) and read import records. */
export const registerImportRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/imports",
      tags,
      security: bearer,
      middleware: [importSlot, uploadLimit] as const,
      request: { body: { required: true, content: { "multipart/form-data": { schema: ImportForm } } } },
      responses: { 201: jsonContent(ImportResult, "Imported; duplicates were skipped"), ...errorResponses },
    }),
    async (c) => {
      const form = c.req.valid("form");
      const config = c.get("deps").config.imports;
      if (form.file.size > config.maxBytes) throw fileTooLarge(config.maxBytes);
      const result = await importStatement({
        ctx: ctxOf(c),
        input: {
          accountId: form.accountId,
          format: form.format,
          filename: form.file.name || undefined,
          mapping: parseMapping(form.mapping),
          statement: form.statement,
        },
        content: new Uint8Array(await form.file.arrayBuffer()),
        ...pipelineDepsOf(c),
      });
      await publishImportEvents(c.get("deps"), c.get("logger"), c.get("userId"), result);
      return c.json(result, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/imports",
      tags,
      security: bearer,
      responses: { 200: jsonContent(ItemsOf(ImportView), "The person's imports, newest first"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listImports({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/imports/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: jsonContent(ImportView, "The import record"), ...errorResponses },
    }),
    async (c) => c.json(await getImport({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
};
