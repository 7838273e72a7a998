import type { Core } from "../core/index.js";

/** Who signed a License API call: an API key with its shared key, or an OAuth client with its secret. */
export type V4Credential =
  | { kind: "hmac"; apiKey: string; sharedKey: string; readOnly: boolean; productIds: string[] | null }
  | { kind: "oauth"; clientId: string; clientSecret: string };

export interface V4Auth {
  accountId: string;
  credential: V4Credential;
}

/** What every v4 handler gets besides its input. */
export interface V4Context {
  core: Core;
  /** Set on protected operations (every one but the OAuth endpoints). */
  auth: V4Auth | undefined;
  ip: string;
  /** The request's origin (`https://host`), for absolute URLs in answers. */
  origin: string;
}

/** The caller of a protected operation. */
export function authOf(context: V4Context): V4Auth {
  if (!context.auth) throw new Error("authOf called on a public operation");
  return context.auth;
}

/** Products the caller may act on (API keys can be limited); null = all of the account's. */
export function allowedProductsOf(context: V4Context): string[] | null {
  const { credential } = authOf(context);
  return credential.kind === "hmac" ? credential.productIds : null;
}
