import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/v3.js";

export interface V3ClientOptions {
  baseUrl: string;
  /** A personal access token; public operations (activate, sync, deactivate) need none. */
  token?: string;
  fetch?: typeof globalThis.fetch;
  middleware?: Middleware[];
}

export type V3Client = Client<paths>;

/** A typed client of the Cryptlex-compatible v3 API. */
export function createV3Client(options: V3ClientOptions): V3Client {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.token ? { headers: { Authorization: `Bearer ${options.token}` } } : {}),
  });
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}
