/** One load phase with autocannon: a fixed duration of keep-alive traffic to one operation, and what it measured. */
import autocannon from "autocannon";
import { connections, phaseSeconds } from "./settings.js";

export type LoadRequest = autocannon.Request;

export interface LoadFigures {
  /** 2xx answers in all. */
  answered: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  durationSeconds?: number;
  /** Called with each response's status as it arrives (the rate-limit phase buckets them by time). */
  onStatus?: (status: number) => void;
}

/** Runs `requests` in a loop against `baseUrl`; only answered requests count, every one must be a 2xx unless `onStatus` judges them. */
export async function runLoad(baseUrl: string, requests: LoadRequest[], options: LoadOptions = {}): Promise<LoadFigures> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const settings = { url: baseUrl, connections, duration: options.durationSeconds ?? phaseSeconds, requests };
    const instance = autocannon(settings, (error, done) => (error ? reject(error) : resolve(done)));
    // The tracker emits (client, status, …); @types/autocannon leaves the client out.
    if (options.onStatus) instance.on("response", ((_client: unknown, status: number) => options.onStatus!(status)) as never);
  });
  if (result.errors > 0) throw new Error(`${baseUrl}: ${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (!options.onStatus && result.non2xx > 0) throw new Error(`${baseUrl} ${requests[0]?.path}: ${result.non2xx} answers were not 2xx: ${JSON.stringify(result.statusCodeStats)}`);
  return { answered: result["2xx"], requestsPerSecond: result["2xx"] / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}
