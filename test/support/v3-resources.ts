/** One resource of every v3 type, made through the v3 API, and the paths that name them. */
import { decodeJwt } from "jose";
import { activationRequest, type ApiFixture } from "./api.js";

/** Resource ids by the collection segment that precedes them in a path (`licenses/{id}/users/{userId}`). */
export type ResourceIds = Record<string, string>;

/**
 * One of every resource type, owned by the fixture's admin account, made with its token: a webhook first (so the
 * rest leave it a delivery log), then a product with a trial, a license with a meter attribute, an activation, a trial
 * activation, a user assigned to the license, a release, a blacklisted device, a customer and every credential.
 */
export async function createOneOfEach(api: ApiFixture): Promise<ResourceIds> {
  const client = api.client;
  const suffix = Math.random().toString(36).slice(2, 8);
  const webhook = (await client.POST("/v3/webhooks", { body: { name: "w", url: "https://hooks.example.com/a", events: ["license.created"] } })).data!;
  const product = await api.createProduct({ trialPolicy: { trialLength: 30 } });
  const license = await api.createLicense(product.id, { allowedActivations: 5, meterAttributes: [{ name: "exports", allowedUses: 100 }] });
  const activated = await api.server.v3().POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
  const trial = await api.server.v3().POST("/v3/trial-activations", { body: activationRequest(license, api.admin.accountId) });
  const user = (await client.POST("/v3/users", { body: { email: `user-${suffix}@example.com` } })).data!;
  await client.POST("/v3/licenses/{id}/users", { params: { path: { id: license.id } }, body: { userId: user.id } });
  const release = (await client.POST("/v3/releases", {
    body: { productId: product.id, version: "1.0.0", platform: "win64", fullLink: "https://downloads.example.com/a.exe", filename: "a.exe" },
  })).data!;
  const [log] = (await client.GET("/v3/webhook-event-logs", { params: { query: { webhookId: webhook.id } } })).data!;
  return {
    products: product.id,
    licenses: license.id,
    activations: decodeJwt(activated.data!.activationToken).aid as string,
    "meter-attributes": "exports",
    "trial-activations": decodeJwt(trial.data!.activationToken).aid as string,
    releases: release.id,
    "device-blacklist": (await client.POST("/v3/device-blacklist", { body: { hardwareId: `HW-${suffix}` } })).data!.id,
    users: user.id,
    customers: (await client.POST("/v3/customers", { body: { email: `buyer-${suffix}@example.com` } })).data!.id,
    webhooks: webhook.id,
    "webhook-event-logs": log!.id,
    "personal-access-tokens": (await client.POST("/v3/personal-access-tokens", { body: { name: "one of each", scopes: ["product:read"] } })).data!.id,
    "api-keys": (await client.POST("/v3/api-keys", { body: { name: "one of each" } })).data!.id,
    "oauth-clients": (await client.POST("/v3/oauth-clients", { body: { name: "one of each" } })).data!.id,
    "sso-configurations": (await client.POST("/v3/sso-configurations", {
      body: { customerAccountCode: `sso-${suffix}`, issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/auth", jwksUri: "https://idp.example.com/jwks", clientId: "a" },
    })).data!.id,
  };
}

/** The path with each `{param}` replaced by the resource of the collection before it. */
export function pathTo(template: string, ids: ResourceIds): string {
  return template.replace(/([^/]+)\/\{[^}]+\}/g, (_match, collection: string) => {
    const id = ids[collection];
    if (!id) throw new Error(`no resource for "${collection}" (${template}): add one to createOneOfEach`);
    return `${collection}/${encodeURIComponent(id)}`;
  });
}
