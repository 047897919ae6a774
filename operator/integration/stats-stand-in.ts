import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildVersionStats } from "@fincoach/contracts";

/** What the stand-in answers for one version: counts over any window, or an HTTP error. */
export type StandInAnswer =
  | { predictions: number; errors: number; latencyP99Ms: number; feedbackTotal?: number; feedbackAccepted?: number }
  | { httpStatus: number };

/**
 * A controllable ML-service stand-in that follows the stats contract
 * (`GET /v1/models/:model/versions/:version/stats?window=`); versions without an answer
 * report no predictions. Records every request.
 */
export class StatsStandIn {
  readonly answers = new Map<string, StandInAnswer>();
  readonly requests: string[] = [];
  #server: Server | undefined;

  /** Starts listening on a free port; resolves the base URL. */
  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      this.requests.push(`${url.pathname}${url.search}`);
      const match = /^\/v1\/models\/([^/]+)\/versions\/([^/]+)\/stats$/.exec(url.pathname);
      const window = url.searchParams.get("window");
      if (!match || !window) return void res.writeHead(404).end();
      const [, model = "", version = ""] = match.map(decodeURIComponent);
      const answer = this.answers.get(`${model}/${version}`) ?? { predictions: 0, errors: 0, latencyP99Ms: 0 };
      if ("httpStatus" in answer) return void res.writeHead(answer.httpStatus).end();
      const body = buildVersionStats({
        model,
        version,
        window,
        predictions: answer.predictions,
        errors: answer.errors,
        latencyP99Ms: answer.latencyP99Ms,
        feedbackTotal: answer.feedbackTotal ?? 0,
        feedbackAccepted: answer.feedbackAccepted ?? 0,
        now: new Date(),
      });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
