/**
 * The `activationToken` / `offlineResponse`: an RS256 JWT signed with the PRODUCT's private key, with Cryptlex's
 * claim names and no standard `exp` (a token of an expired license is still valid; `eat` tells the client).
 * @see openapi/v3.yaml components/schemas/ActivationTokenClaims
 */
import { SignJWT } from "jose";
import type { ActivationRow, LicenseRow, MetadataEntry, ProductRow, TrialActivationRow } from "../db/index.js";
import { unixSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { privateKeyOf } from "./private-keys.js";

export interface TokenExtras {
  /** Offline response validity (Unix s); 0 in online tokens. */
  orv?: number;
  offline?: true;
}

function visible(entries: MetadataEntry[]) {
  return entries.filter((e) => (e.viewPermissions ?? []).includes("activation")).map(({ key, value }) => ({ key, value }));
}

function commonClaims(iat: number) {
  return { iat, orv: 0, name: "", email: "", company: "", umd: [], on: "", oa: "" };
}

/** Claims of a license activation. */
export function activationClaims(product: ProductRow, license: LicenseRow, activation: ActivationRow, now: Date) {
  const iat = unixSeconds(now);
  const expiresAt = license.expirationStrategy === "rolling" ? activation.expiresAt : license.expiresAt;
  const syncs = license.serverSyncInterval > 0 && license.serverSyncGracePeriod !== -1;
  return {
    ...commonClaims(iat),
    aid: activation.id, os: activation.os, fp: activation.fingerprint, fms: license.fingerprintMatchingStrategy,
    eat: unixSeconds(expiresAt), pid: product.id, lid: license.id, key: license.key, type: license.type, suspended: license.suspended,
    fc: license.allowedFloatingClients, ls: license.leasingStrategy, ld: activation.leaseDuration, leat: unixSeconds(activation.leaseExpiresAt),
    ssgpeat: syncs ? iat + license.serverSyncGracePeriod : 0, aco: license.allowedClockOffset, ssi: license.serverSyncInterval,
    pmd: visible(product.metadata), lmd: visible(license.metadata),
    amd: activation.metadata.map(({ key, value }) => ({ key, value })),
    lma: license.meterAttributes.filter((m) => m.visible).map(({ name, allowedUses, totalUses, grossUses }) => ({ name, allowedUses, totalUses, grossUses })),
    ama: activation.meterAttributes.map(({ name, uses }) => ({ name, uses })),
    lcat: unixSeconds(license.createdAt), laat: unixSeconds(license.activatedAt),
  };
}

/** Claims of a trial: `type: "trial"`, no license, no lease, no sync. @see openapi/v3.yaml createTrialActivation */
export function trialClaims(product: ProductRow, trial: TrialActivationRow, now: Date) {
  return {
    ...commonClaims(unixSeconds(now)),
    aid: trial.id, os: trial.os, fp: trial.fingerprint, fms: product.trialPolicy?.fingerprintMatchingStrategy ?? "fuzzy",
    eat: unixSeconds(trial.expiresAt), pid: product.id, lid: "", key: "", type: "trial", suspended: false,
    fc: 0, ls: "per-machine", ld: 0, leat: 0, ssgpeat: 0, aco: -1, ssi: 0,
    pmd: visible(product.metadata), lmd: [], amd: trial.metadata.map(({ key, value }) => ({ key, value })), lma: [], ama: [],
    lcat: 0, laat: 0,
  };
}

/** Signs `claims` (+ extras) with the product key (parsed once); header `{alg: RS256, typ: JWT, kid: <productId>}`. */
export async function signClaims(product: ProductRow, claims: Record<string, unknown>, extras: TokenExtras = {}): Promise<string> {
  const key = privateKeyOf(product.privateKeyPem);
  return new SignJWT({ ...claims, ...extras }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: product.id }).sign(key);
}

export async function signActivationToken(
  core: Core,
  input: { product: ProductRow; license: LicenseRow; activation: ActivationRow; extra?: TokenExtras },
): Promise<string> {
  return signClaims(input.product, activationClaims(input.product, input.license, input.activation, core.now()), input.extra);
}
