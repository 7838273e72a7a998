/**
 * SSRF protection (OWASP API7): webhook URLs must be https and resolve only to public addresses, unless the operator
 * allows otherwise. Checked when a subscription is saved and again before every delivery, because a name that was
 * public then may resolve to an internal address now (DNS rebinding). The URLs the server fetches from an SSO
 * provider (JWKS, token endpoint) get the same policy when saved.
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DomainError } from "../core/errors.js";
import type { WebhookConfig } from "../config.js";

export type UrlPolicy = Pick<WebhookConfig, "allowPrivateUrls" | "allowHttp">;
export type Resolve = (host: string) => Promise<string[]>;

/** Private, loopback, link-local, shared, documentation, multicast and reserved ranges (IANA special-purpose). */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) nonPublic.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  // ::/96 (IPv4-compatible, deprecated) and ::ffff:0:0:0/96 (IPv4-translated) embed IPv4 addresses such as 127.0.0.1.
  ["::", 96], ["::ffff:0:0:0", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) nonPublic.addSubnet(network, prefix, "ipv6");

/** Whether `address` (IPv4 or IPv6, IPv4-mapped included) is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family === 0 || nonPublic.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Names that mean this machine, the local network or a cloud's internal services whatever DNS answers today (RFC 6761
 * `localhost`, RFC 6762 `.local`, `.internal` as in metadata.google.internal): refused without a look-up, since a name
 * that does not resolve when saved would otherwise pass, trailing dot or not.
 */
function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return !isIP(name) && /(^|\.)(localhost|local|internal)$/.test(name);
}

/** Every address of `host`; none when it does not resolve (the delivery then fails and is retried). */
export const resolveHost: Resolve = async (host) => {
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
};

/** Why `url` may not receive webhooks under `policy`, or null when it may. */
export async function refusalOf(url: string, policy: UrlPolicy, resolve: Resolve = resolveHost): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && policy.allowHttp)) return `${parsed.protocol} URLs are not allowed`;
  if (policy.allowPrivateUrls) return null;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isLocalName(host)) return `${host} names a local or internal host`;
  const addresses = isIP(host) ? [host] : await resolve(host);
  const blocked = addresses.find(isNonPublicAddress);
  return blocked ? `${host} resolves to the non-public address ${blocked}` : null;
}

/** The API-side check: 400 INVALID_WEBHOOK_URL with the reason. */
export async function assertAllowedUrl(url: string, policy: UrlPolicy, resolve?: Resolve): Promise<void> {
  const refusal = await refusalOf(url, policy, resolve);
  if (refusal) throw new DomainError("INVALID_WEBHOOK_URL", `The webhook URL is not allowed: ${refusal}.`);
}

/**
 * The SSO provider URLs the server itself fetches: 400 INVALID_SSO_URL with the reason. NOTE: checked when saved
 * only; a later DNS change is not caught, unlike webhook deliveries (the operator's policy is not in the core).
 */
export async function assertAllowedSsoUrls(urls: { jwksUri?: string; tokenEndpoint?: string | null }, policy: UrlPolicy, resolve?: Resolve): Promise<void> {
  for (const url of [urls.jwksUri, urls.tokenEndpoint]) {
    const refusal = url ? await refusalOf(url, policy, resolve) : null;
    if (refusal) throw new DomainError("INVALID_SSO_URL", `The SSO provider URL is not allowed: ${refusal}.`);
  }
}
