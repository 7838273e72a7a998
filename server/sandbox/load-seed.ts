/**
 * Puts a seed into an empty sandbox database through the core services (the same checks as the API and the admin
 * CLI), then pins every generated identifier to the one derived from the seed (stable-ids.ts).
 */
import { addSeconds } from "../core/clock.js";
import { signAccessToken, tokenSecretKey } from "../core/create-access-token.js";
import { isDomainError } from "../core/errors.js";
import {
  allScopes, assignLicenseUser, createAccessToken, createAccount, createApiKey, createLicense, createLicenseUser, createProduct, createWebhook,
  type Core,
} from "../core/index.js";
import { setProductLicensing } from "../core/v4-catalog.js";
import { ServerSecretEntity, type WebhookEventType } from "../db/index.js";
import { SeedError, type SandboxSeed, type SeedLicense, type SeedProduct } from "./seed-file.js";
import { pinValues, stableLicenseKey, stableSecret, stableUuid } from "./stable-ids.js";

/** What the banner prints and SDK teams use. */
export interface SandboxData {
  accountId: string;
  adminToken: string;
  v4: { apiKey: string; sharedKey: string; publicKeyPem: string };
  products: { ref: string; id: string; code: string; name: string; publicKeyPem: string }[];
  licenses: { ref: string; id: string; key: string; productCode: string; demonstrates: string; users: { email: string; password: string }[] }[];
  webhook: { id: string; url: string; secret: string } | null;
}

/** A fixed issue time, so the admin token (a JWT) is the same on every start. */
const tokenIssuedAt = new Date("2026-01-01T00:00:00Z");
const oneDay = 86_400;
const allEvents = Object.keys({
  "activation.created": 1, "activation.updated": 1, "activation.deleted": 1, "license.created": 1, "license.updated": 1, "license.deleted": 1,
  "trialActivation.created": 1,
} satisfies Record<WebhookEventType, 1>) as WebhookEventType[];

export async function loadSeed(core: Core, seed: SandboxSeed, webhookUrl?: string): Promise<SandboxData> {
  const stable = new Map<string, string>();
  /** Records that the generated `generated` becomes the UUID named `name`, and returns that UUID. */
  const pin = (generated: string, name: string) => {
    const value = stableUuid(seed.seed, name);
    stable.set(generated, value);
    return value;
  };
  await storeTokenSecret(core, seed.seed);
  const account = await createAccount(core, { name: seed.account?.name ?? "Sandbox Vendor" });
  const apiKey = await createApiKey(core, { accountId: account.id, name: "sandbox" });
  stable.set(apiKey.sharedKey, stableSecret(seed.seed, "api-key/shared-key", "base64url"));
  const products = [];
  for (const product of seed.products) products.push({ ...(await addProduct(core, account.id, product)), ref: product.ref });
  const users = new Map<string, string>();
  const licenses = [];
  for (const license of seed.licenses) {
    const product = products.find((candidate) => candidate.ref === license.product)!;
    const added = await failingAs(`license "${license.ref}"`, () => addLicense(core, account.id, product.id, license, seed.seed, users));
    licenses.push({ ref: license.ref, id: pin(added.id, `license/${license.ref}`), key: added.key, productCode: product.code, demonstrates: license.demonstrates, users: license.users ?? [] });
  }
  const { record } = await createAccessToken({ ...core, now: () => tokenIssuedAt }, { accountId: account.id, name: "sandbox admin", scopes: [...allScopes] });
  const webhook = webhookUrl ? await subscribe(core, account.id, webhookUrl, seed.seed) : null;
  const data: SandboxData = {
    accountId: pin(account.id, "account"),
    adminToken: "",
    v4: { apiKey: pin(apiKey.apiKey, "api-key"), sharedKey: stable.get(apiKey.sharedKey)!, publicKeyPem: account.publicKeyPem },
    products: products.map(({ id, ...product }) => ({ ...product, id: pin(id, `product/${product.ref}`) })),
    licenses,
    webhook: webhook && { ...webhook, id: pin(webhook.id, "webhook") },
  };
  pin(apiKey.id, "api-key/id");
  for (const [email, id] of users) pin(id, `user/${email}`);
  const tokenId = pin(record.id, "access-token");
  await pinValues(core.db, stable);
  data.adminToken = await signAccessToken(core, { ...record, id: tokenId, accountId: data.accountId });
  return data;
}

/** The access tokens' signing secret, derived from the seed before the first token is made (and cached). */
async function storeTokenSecret(core: Core, seed: string) {
  const value = stableSecret(seed, "server-secret/access-tokens", "base64");
  await core.db.transaction((tx) => tx.insert(ServerSecretEntity, { key: tokenSecretKey, value, createdAt: core.now() }));
}

async function addProduct(core: Core, accountId: string, input: SeedProduct) {
  return failingAs(`product "${input.ref}"`, async () => {
    const product = await createProduct(core, accountId, { name: input.name });
    await setProductLicensing(core, accountId, product.id, { ...input.licensing, shortCode: input.code, authorizationMethod: input.authorization });
    return { id: product.id, code: input.code, name: input.name, publicKeyPem: product.publicKeyPem };
  });
}

/** The license and its users (a user on several licenses is created once; `users` maps email → id). */
async function addLicense(core: Core, accountId: string, productId: string, input: SeedLicense, seed: string, users: Map<string, string>) {
  const { ref: _ref, product: _product, demonstrates: _demonstrates, users: licenseUsers = [], expiresInDays, key, ...policy } = input;
  const expiresAt = expiresInDays === undefined ? undefined : addSeconds(core.now(), expiresInDays * oneDay);
  const license = await createLicense(core, accountId, { ...policy, productId, expiresAt, key: key ?? stableLicenseKey(seed, `license-key/${input.ref}`) });
  for (const { email, password, maxActivations } of licenseUsers) {
    const userId = users.get(email.toLowerCase()) ?? (await createLicenseUser(core, accountId, { email, password })).id;
    users.set(email.toLowerCase(), userId);
    await assignLicenseUser(core, accountId, license.id, { userId, maxActivations });
  }
  return license;
}

async function subscribe(core: Core, accountId: string, url: string, seed: string) {
  const token = `whsec_${stableSecret(seed, "webhook/secret", "base64")}`;
  const webhook = await failingAs("--webhook-url", () => createWebhook(core, accountId, { name: "sandbox", url, events: allEvents, token }));
  return { id: webhook.id, url, secret: token };
}

/** A domain refusal while loading becomes a SeedError naming the entry. */
async function failingAs<T>(entry: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw new SeedError(`${entry}: ${error.code}: ${error.message}`);
    throw error;
  }
}
