import type { Context } from "hono";
import type { ApiContext } from "../../api-context.ts";
import { notifyFromApi } from "./notify-from-api.ts";

/** `transactions.created` for an import that added rows (once per import record). */
export const notifyImportedTransactions = async (
  c: Context<ApiContext>,
  result: { importId: string; inserted: number },
): Promise<void> => {
  if (result.inserted === 0) return;
  await notifyFromApi(c.get("deps"), c.get("logger"), c.get("userId"), {
    type: "transactions.created",
    eventId: `transactions.created:import:${result.importId}`,
    data: { count: result.inserted, importId: result.importId },
  });
};
