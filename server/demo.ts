import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createAccessToken, createAccount, createApiKey, createLicense, createProduct, getAccount, listAccounts, type Core } from "./core/index.js";
import { assignLicenseUser } from "./core/license-user-assignments.js";
import { createLicenseUser } from "./core/manage-license-users.js";
import { setProductLicensing } from "./core/v4-catalog.js";
import { allScopes } from "./core/scopes.js";

export interface DemoData {
  accountId: string;
  adminToken: string;
  productId: string;
  productPublicKey: string;
  licenseId: string;
  licenseKey: string;
  /** License API (v4): the API key, the key that verifies response signatures, and the licenses to try. */
  v4: {
    apiKey: string;
    sharedKey: string;
    publicKeyPem: string;
    productCode: string;
    userProductCode: string;
    user: { email: string; password: string };
  };
}

/** Creates the demo account, product, license, admin token and v4 key. */
export async function createDemoData(core: Core): Promise<DemoData> {
  const account = await createAccount(core, { name: "Demo Vendor" });
  const { token } = await createAccessToken(core, { accountId: account.id, name: "demo admin", scopes: [...allScopes] });
  const product = await createProduct(core, account.id, { name: "Demo App", displayName: "Demo App", description: "Created on first start." });
  const license = await createLicense(core, account.id, { productId: product.id, allowedActivations: 3, allowedDeactivations: 10 });
  const v4 = { ...(await createApiKey(core, { accountId: account.id })), ...(await createV4Demo(core, account.id, product.id)) };
  return {
    accountId: account.id,
    adminToken: token,
    productId: product.id,
    productPublicKey: product.publicKeyPem,
    licenseId: license.id,
    licenseKey: license.key,
    v4,
  };
}

/**
 * The v4 side of the demo: the demo product answers to the code DEMO, and a user-based product DEMO-USERS has a
 * license with one license user.
 */
async function createV4Demo(core: Core, accountId: string, productId: string): Promise<Omit<DemoData["v4"], "apiKey" | "sharedKey">> {
  await setProductLicensing(core, accountId, productId, { shortCode: "DEMO", allowTrial: true, trialDays: 14 });
  const users = await createProduct(core, accountId, { name: "Demo Studio", description: "User-based licenses (v4)." });
  await setProductLicensing(core, accountId, users.id, { shortCode: "DEMO-USERS", authorizationMethod: "user" });
  const seat = await createLicense(core, accountId, { productId: users.id, allowedActivations: 0 });
  const user = await createLicenseUser(core, accountId, { email: "ada@example.com" });
  await assignLicenseUser(core, accountId, seat.id, { userId: user.id, maxActivations: 2 });
  const account = await getAccount(core, accountId);
  return { publicKeyPem: account.publicKeyPem, productCode: "DEMO", userProductCode: "DEMO-USERS", user: { email: user.email, password: user.password } };
}

/** On an empty database: seed the demo, write it to the demo file (never overwriting one) and print how to try it. */
export async function seedDemoOnFirstStart(core: Core, config: Pick<Config, "demoFile" | "port">, logger: Logger) {
  if ((await listAccounts(core)).length > 0) return;
  const demo = await createDemoData(core);
  if (existsSync(config.demoFile)) {
    logger.warn({ file: config.demoFile }, "demo file exists and is kept; the new demo credentials are printed below only");
  } else {
    mkdirSync(dirname(config.demoFile), { recursive: true });
    writeFileSync(config.demoFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  }
  console.log(tryItBlock(demo, config.port));
}

function tryItBlock(demo: DemoData, port: number): string {
  const base = `http://localhost:${port}`;
  const fingerprint = "0".repeat(64);
  return `
Demo data created (also in data/demo.json). Try it:

  export TOKEN='${demo.adminToken}'
  curl -s ${base}/v3/products -H "Authorization: Bearer $TOKEN"
  curl -s -X POST ${base}/v3/activations -H 'Content-Type: application/json' -d '{"key":"${demo.licenseKey}","productId":"${demo.productId}","accountId":"${demo.accountId}","fingerprint":"${fingerprint}","hostname":"my-laptop","userHash":"u1","os":"linux"}'
  curl -s "${base}/v3/activations?licenseId=${demo.licenseId}" -H "Authorization: Bearer $TOKEN"

License API (v4): point the LicenseSpring SDK at ${base}/api/v4/ with v4.apiKey, v4.sharedKey and v4.publicKeyPem
from data/demo.json, and activate license ${demo.licenseKey} of product ${demo.v4.productCode}.

The README's "Try the server" section walks through the whole flow.
`;
}
