import type { Core } from "../core/index.js";
import type { UrlPolicy } from "../webhooks/url-policy.js";
import type { V3Auth } from "./auth.js";

/** What every v3 handler gets besides its input. */
export interface V3Context {
  core: Core;
  /** Set on protected operations (the guard has checked the token and scope). */
  auth: V3Auth | undefined;
  ip: string;
  /** Which webhook URLs the operator allows (SSRF policy). */
  webhookUrls: UrlPolicy;
}

/** The calling account of a protected operation. */
export function accountOf(context: V3Context): string {
  if (!context.auth) throw new Error("accountOf called on a public operation");
  return context.auth.accountId;
}
