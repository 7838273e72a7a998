/** The start-up text of `npm run sandbox`: credentials, the demo licenses and what each shows, and the controls. */
import type { SandboxData } from "./load-seed.js";

export const sandboxReadyText = "Sandbox listening on";

export function sandboxBanner(data: SandboxData, baseUrl: string): string {
  const users = data.licenses.flatMap((license) => license.users.map((user) => `    ${user.email} / ${user.password}  (license ${license.ref})`));
  return [
    "",
    "Licensing sandbox: the real server (v3 and v4) on an in-memory database. Restarting and POST /__sandbox/reset",
    "bring back exactly this data; ids, keys and tokens are the same on every start.",
    "",
    `  v3 (Cryptlex)        ${baseUrl}/v3/`,
    `    Account id         ${data.accountId}`,
    `    Admin token        ${data.adminToken}`,
    `  v4 (LicenseSpring)   ${baseUrl}/api/v4/`,
    `    API key            ${data.v4.apiKey}`,
    `    Shared key         ${data.v4.sharedKey}`,
    `  Webhook              ${data.webhook ? `${data.webhook.url}  id ${data.webhook.id}  secret ${data.webhook.secret}` : "none (start with --webhook-url <url>)"}`,
    "",
    "  Products (v4 code, v3 productId)",
    ...table(data.products.map((product) => [product.code, product.id, product.name])),
    "",
    "  Licenses",
    ...table([["REF", "PRODUCT", "KEY", "LICENSE ID", "DEMONSTRATES"], ...data.licenses.map((l) => [l.ref, l.productCode, l.key, l.id, l.demonstrates])]),
    ...(users.length ? ["", "  License users (email / password)", ...users] : []),
    "",
    "  Controls",
    "    POST /__sandbox/reset                                    back to this data, and to the wall clock",
    '    POST /__sandbox/clock {"advanceSeconds": 3600}           move the server\'s time forward (or {"set": "<ISO date>"})',
    "    any request with header  Prefer: code=429  or  code=500  that error, in the version's own format",
    "",
    "  New on every start (RSA keys are generated, not derived):",
    "  Account public key (v4 SDK publicKey, verifies response signatures)",
    data.v4.publicKeyPem.trim(),
    ...data.products.flatMap((product) => [`  Product ${product.code} public key (v3 activationToken)`, product.publicKeyPem.trim()]),
    "",
    `${sandboxReadyText} ${baseUrl}`,
  ].join("\n");
}

/** Rows with their columns aligned, indented under a heading. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `    ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}`);
}
