/**
 * A deliberately broken deployment for the suite's own test: a proxy in front of the real server that answers one
 * operation with a wrong status and adds an undocumented field to another's body.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Breakage {
  /** `GET /v3/products/{id}` answers 202 instead of 200. */
  wrongStatus: { method: string; path: RegExp; status: number };
  /** The products of `GET /v3/products` gain a field the schema does not allow. */
  extraField: { method: string; path: RegExp; field: string };
}

export const breakage: Breakage = {
  wrongStatus: { method: "GET", path: /^\/v3\/products\/[^/]+$/, status: 202 },
  extraField: { method: "GET", path: /^\/v3\/products$/, field: "internalNotes" },
};

export async function startBrokenProxy(upstream: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>;
    const method = req.method ?? "GET";
    const answer = await fetch(`${upstream}${req.url}`, { method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    let body = Buffer.from(await answer.arrayBuffer());
    const path = new URL(req.url ?? "/", upstream).pathname;
    let status = answer.status;
    if (method === breakage.wrongStatus.method && breakage.wrongStatus.path.test(path) && status === 200) status = breakage.wrongStatus.status;
    if (method === breakage.extraField.method && breakage.extraField.path.test(path) && status === 200) {
      const items = JSON.parse(body.toString()) as Array<Record<string, unknown>>;
      body = Buffer.from(JSON.stringify(items.map((item) => ({ ...item, [breakage.extraField.field]: "leaked" }))));
    }
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => (out[name] = value));
    delete out["content-length"];
    delete out["content-encoding"];
    res.writeHead(status, out).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
