import { getImport, ImportResult, ImportView, importStatement, listImports, queueImport } from "@fincoach/domain";
import { invalidField } from "@fincoach/errors";
import { ImportFormat } from "@fincoach/importers";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonContent } from "../../http/openapi-helpers.ts";
import { pipelineDepsOf } from "../../ml/pipeline-deps.ts";
import { evaluateImportArrivals } from "../alerts/evaluate-arrivals.ts";
import { notifyImportedTransactions } from "../notifications/notify-import.ts";
import { refreshRecurringAfter } from "../recurring/refresh-after-write.ts";
import { importQueueOf } from "./bullmq-import-queue.ts";
import { createImportSlots, type ImportSlots } from "./import-slots.ts";
import { prefersAsync } from "./prefer-async.ts";
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

const QUEUED_EXAMPLE = {
  importId: "0b6f2a1e-5c1d-4a8e-9f3b-2d7c6e4a1b90",
  status: "queued",
  seen: 0,
  inserted: 0,
  duplicates: 0,
  skipped: 0,
  failed: 0,
  truncated: 0,
  errors: [],
  skippedRecords: [],
  statementAccount: null,
  accountId: "5d9c3b7a-1e2f-4c6d-8a9b-0c1d2e3f4a5b",
  filename: "2026-statement.csv",
  format: "unknown",
  error: null,
  createdAt: "2026-12-02T05:00:00.000Z",
  startedAt: null,
  completedAt: null,
} satisfies ImportView;

/** `/v1/imports`: upload a bank statement into an account (large ones are queued) and read import records. */
export const registerImportRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/imports",
      tags,
      security: bearer,
      middleware: [importSlot, uploadLimit] as const,
      description:
        "Files smaller than IMPORT_ASYNC_THRESHOLD_BYTES (1 MiB by default) are imported in the request: 201 with " +
        "the accounting. Larger ones, or any with `Prefer: respond-async`, are queued for a worker: 202 with the " +
        "import record (`queued`) and its `Location`; follow it at `GET /v1/imports/{id}` (queued, running, then " +
        "completed with the same accounting, or failed with `error` and `errors` naming line and field) and on " +
        "`GET /v1/events` (`import.progress`, `import.completed`). A bad field or someone else's account is refused " +
        "at once either way; a queued file is read by the worker.",
      request: {
        body: { required: true, content: { "multipart/form-data": { schema: ImportForm } } },
        headers: z.object({
          prefer: z
            .string()
            .optional()
            .meta({ description: "`respond-async` queues the import whatever its size (RFC 7240)" }),
        }),
      },
      responses: {
        201: jsonContent(ImportResult, "Imported; duplicates were skipped"),
        202: {
          description: "Queued for a worker: the import record, to follow at its Location",
          headers: {
            Location: { description: "The import record: /v1/imports/{id}", schema: { type: "string" } },
          },
          content: { "application/json": { schema: ImportView, example: QUEUED_EXAMPLE } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const form = c.req.valid("form");
      const config = c.get("deps").config.imports;
      if (form.file.size > config.maxBytes) throw fileTooLarge(config.maxBytes);
      const input = {
        accountId: form.accountId,
        format: form.format,
        filename: form.file.name || undefined,
        mapping: parseMapping(form.mapping),
        statement: form.statement,
      };
      const content = new Uint8Array(await form.file.arrayBuffer());
      const asked = prefersAsync(c.req.header("prefer"));
      if (asked || form.file.size >= config.asyncThresholdBytes) {
        const queue = importQueueOf(c.get("deps"));
        const queued = await queueImport({ ctx: ctxOf(c), input, content, queue });
        c.header("Location", `/v1/imports/${queued.importId}`);
        if (asked) c.header("Preference-Applied", "respond-async");
        return c.json(queued, 202);
      }
      const result = await importStatement({ ctx: ctxOf(c), input, content, ...pipelineDepsOf(c) });
      await publishImportEvents(c.get("deps"), c.get("logger"), c.get("userId"), result);
      await notifyImportedTransactions(c, result);
      if (result.inserted > 0) await refreshRecurringAfter(c, { accountIds: [input.accountId] });
      if (result.inserted > 0) await evaluateImportArrivals(c, result.importId);
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
