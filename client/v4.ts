import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/v4.js";
import { licenseSpringAuthHeaders, type HmacCredentials } from "./v4-signing.js";

export interface V4ClientOptions extends HmacCredentials {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  middleware?: Middleware[];
  /** The clock used for the `Date` header (tests pass a skewed one). */
  now?: () => Date;
}

export type V4Client = Client<paths>;

/** Signs every request exactly as LicenseSpring's scheme does: a fresh `Date` and the HMAC `Authorization`. */
export function signRequests(credentials: HmacCredentials, now: () => Date = () => new Date()): Middleware {
  return {
    onRequest({ request }) {
      for (const [name, value] of Object.entries(licenseSpringAuthHeaders(credentials, now()))) {
        request.headers.set(name, value);
      }
      return request;
    },
  };
}

/** A typed client of the LicenseSpring-compatible v4 License API. */
export function createV4Client(options: V4ClientOptions): V4Client {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(signRequests(options, options.now));
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}
