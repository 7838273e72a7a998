import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createAccessToken, createAccount, createApiKey, createLicense, createProduct, listAccounts, type Core } from "./core/index.js";
import { allScopes } from "./core/scopes.js";

export interface DemoData {
  accountId: string;
  adminToken: string;
  productId: string;
  productPublicKey: string;
  licenseId: string;
  licenseKey: string;
  v4: { apiKey: string; sharedKey: string };
}

/** Creates the demo account, product, license, admin token and v4 key. */
export async function createDemoData(core: Core): Promise<DemoData> {
  const account = await createAccount(core, { name: "Demo Vendor" });
  const { token } = await createAccessToken(core, { accountId: account.id, name: "demo admin", scopes: [...allScopes] });
  const product = await createProduct(core, account.id, { name: "Demo App", displayName: "Demo App", description: "Created on first start." });
  const license = await createLicense(core, account.id, { productId: product.id, allowedActivations: 3, allowedDeactivations: 10 });
  const v4 = await createApiKey(core, { accountId: account.id });
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

The README's "Try the server" section walks through the whole flow.
`;
}
