/** A real HTTP webhook receiver on loopback that records every delivery and answers as the test tells it to. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** Milliseconds since the epoch when it arrived. */
  at: number;
}

/**
 * How to answer: a status (with headers and body, after `delayMs` like a slow endpoint), or "hang" to never answer
 * (a timeout for the sender).
 */
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | "hang";
export type Answering = (delivery: Delivery, index: number) => Answer;

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Replaces how later deliveries are answered. */
  answer(answering: Answering): void;
  /** Waits (polling briefly) until at least `count` deliveries arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
  /** The deliveries carrying `webhook-id` = `eventId`. */
  of(eventId: string): Delivery[];
  stop(): Promise<void>;
}

export const ok: Answering = () => ({ status: 200, body: "ok" });

/** Answers from a list, one per delivery; the last entry repeats (e.g. `[500, 500, 200]`). */
export function answers(...list: Array<number | Answer>): Answering {
  return (_delivery, index) => {
    const item = list[Math.min(index, list.length - 1)]!;
    return typeof item === "number" ? { status: item } : item;
  };
}

/** Listens on 127.0.0.1 on a free port unless `listen` says otherwise (e.g. every interface, for a remote sender). */
export async function startReceiver(answering: Answering = ok, listen: { host?: string; port?: number } = {}): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  let current = answering;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      deliveries.push(delivery);
      reply(response, current(delivery, deliveries.length - 1));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, listen.host ?? "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    deliveries,
    answer: (next) => (current = next),
    waitFor: (count, timeoutMs = 15_000) =>
      vi.waitFor(
        () => {
          if (deliveries.length < count) throw new Error(`${deliveries.length} of ${count} deliveries arrived`);
          return deliveries;
        },
        { timeout: timeoutMs, interval: 20 },
      ),
    of: (eventId) => deliveries.filter((delivery) => delivery.headers["webhook-id"] === eventId),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(response: ServerResponse, answer: Answer) {
  if (answer === "hang") return;
  const send = () => response.writeHead(answer.status, answer.headers).end(answer.body ?? "");
  if (answer.delayMs) setTimeout(send, answer.delayMs);
  else send();
}
