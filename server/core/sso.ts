/**
 * SSO logins of license users through a customer account's OpenID Connect provider: an `id_token` (implicit grant)
 * is verified against the provider's JWKS, issuer and client id; an authorization `code` is first exchanged at the
 * provider's token endpoint (public client with PKCE-less code grant, as LicenseSpring's SDKs send it).
 */
import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { SsoConfigurationEntity, type SsoConfigurationRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";

export interface SsoLogin {
  idToken?: string;
  code?: string;
  customerAccountCode: string;
  redirectUri?: string;
}

/** jose caches keys per JWKS; one set per provider URL keeps that cache across requests. */
const keySets = new Map<string, JWTVerifyGetKey>();

export async function findSsoConfiguration(core: Core, accountId: string, customerAccountCode: string): Promise<SsoConfigurationRow> {
  const config = await core.db.read((tx) => tx.findOneBy(SsoConfigurationEntity, { accountId, customerAccountCode }));
  if (!config) throw new DomainError("CUSTOMER_ACCOUNT_NOT_FOUND");
  return config;
}

/** The verified user's email (lower-case); INVALID_CREDENTIALS for any token or code the provider did not vouch for. */
export async function verifySsoLogin(core: Core, accountId: string, login: SsoLogin): Promise<string> {
  const config = await findSsoConfiguration(core, accountId, login.customerAccountCode);
  const idToken = login.idToken ?? (await exchangeCode(config, login));
  try {
    const { payload } = await jwtVerify(idToken, keySetOf(config.jwksUri), { issuer: config.issuer, audience: config.clientId, currentDate: core.now() });
    if (typeof payload.email !== "string" || payload.email === "") throw new Error("no email claim");
    return payload.email.toLowerCase();
  } catch {
    throw new DomainError("INVALID_CREDENTIALS", "The SSO login could not be verified.");
  }
}

function keySetOf(jwksUri: string): JWTVerifyGetKey {
  if (!keySets.has(jwksUri)) keySets.set(jwksUri, createRemoteJWKSet(new URL(jwksUri)));
  return keySets.get(jwksUri)!;
}

async function exchangeCode(config: SsoConfigurationRow, login: SsoLogin): Promise<string> {
  if (!config.tokenEndpoint || !login.code) throw new DomainError("INVALID_CREDENTIALS", "The SSO login could not be verified.");
  const form = new URLSearchParams({ grant_type: "authorization_code", code: login.code, client_id: config.clientId, ...(login.redirectUri ? { redirect_uri: login.redirectUri } : {}) });
  const response = await fetch(config.tokenEndpoint, { method: "POST", body: form, signal: AbortSignal.timeout(10_000) }).catch(() => null);
  const body = response?.ok ? ((await response.json().catch(() => ({}))) as { id_token?: unknown }) : {};
  if (typeof body.id_token !== "string") throw new DomainError("INVALID_CREDENTIALS", "The SSO provider refused the code.");
  return body.id_token;
}

export interface SsoLink {
  url: string;
  openidConfiguration: Record<string, string>;
}

/** The provider's login URL for the customer account (`sso_url`), and what is known of its OpenID configuration. */
export async function buildSsoUrl(
  core: Core, accountId: string, request: { customerAccountCode: string; responseType: "token" | "code"; redirectUri?: string },
): Promise<SsoLink> {
  const config = await findSsoConfiguration(core, accountId, request.customerAccountCode);
  const url = new URL(config.authorizationEndpoint);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("response_type", request.responseType);
  if (request.redirectUri) url.searchParams.set("redirect_uri", request.redirectUri);
  url.searchParams.set("scope", "openid email");
  url.searchParams.set("nonce", randomUUID());
  const openidConfiguration: Record<string, string> = { issuer: config.issuer, authorization_endpoint: config.authorizationEndpoint, jwks_uri: config.jwksUri };
  if (config.tokenEndpoint) openidConfiguration.token_endpoint = config.tokenEndpoint;
  return { url: url.toString(), openidConfiguration };
}
