/**
 * The slice of autocannon 9's programmatic API the benchmarks use (the package ships no
 * types and @types/autocannon is not installed). See node_modules/autocannon/README.md.
 */
declare module "autocannon" {
  export type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  };
  export type RequestSpec = Request & {
    /** Called before every request on a connection; returns the request to send. */
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
    /** Called with each answer (its body as text) and the context `setupRequest` was given. */
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    headers?: Record<string, string>;
    method?: string;
    body?: string;
    requests?: RequestSpec[];
  };
  export type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  };
  export type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram & { totalCount: number };
    requests: Histogram & { sent: number };
    throughput: Histogram;
  };
  function autocannon(opts: Options): Promise<Result>;
  // biome-ignore lint/style/noDefaultExport: this describes autocannon's CommonJS module.exports
  export default autocannon;
}
