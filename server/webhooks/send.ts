/** One HTTP delivery: POST with a timeout and no redirects, and what happened, ready for the delivery log. */
import { STATUS_CODES } from "node:http";
import { parseRetryAfter } from "./retry.js";

export interface Outcome {
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed (null when delivered). */
  error: string | null;
  delivered: boolean;
  responseBody: string | null;
  /** What a 429/503 `Retry-After` asks for, in milliseconds. */
  retryAfterMs: number | null;
}

/** The log keeps the start of the answer (spec: 4096 characters, control characters removed). */
const responseBodyLimit = 4096;
const maxLatencyMs = 600_000;

export interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  now: () => Date;
}

export async function send(request: Request): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.min(maxLatencyMs, Math.round(performance.now() - started));
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const latencyMs = elapsed();
    const responseBody = await readStart(response);
    const delivered = response.status >= 200 && response.status < 300;
    const throttled = response.status === 429 || response.status === 503;
    return {
      statusCode: response.status,
      latencyMs,
      error: delivered ? null : `HTTP ${response.status} ${STATUS_CODES[response.status] ?? ""}`.trim(),
      delivered,
      responseBody,
      retryAfterMs: throttled ? parseRetryAfter(response.headers.get("retry-after"), request.now()) : null,
    };
  } catch (error) {
    return failure(describeFailure(error, request.timeoutMs), elapsed());
  }
}

/** An attempt that got no answer (also used when the destination is refused before sending). */
export function failure(error: string, latencyMs = 0): Outcome {
  return { statusCode: null, latencyMs, error: clean(error).slice(0, 1024), delivered: false, responseBody: null, retryAfterMs: null };
}

/** Reads at most the logged part of the answer, so a huge or endless body costs nothing. */
async function readStart(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < responseBodyLimit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // The answer's status already counts; a body cut off by the timeout is kept as far as it came.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text === "" ? null : clean(text).slice(0, responseBodyLimit);
}

/** Removes the control characters the log's schema forbids (tab, LF and CR stay). */
function clean(text: string): string {
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, "");
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") return `timeout after ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `DNS lookup failed (${code})`;
  if (code === "ECONNREFUSED") return "connection refused";
  return `connection error: ${code || cause?.message || String(error)}`;
}
