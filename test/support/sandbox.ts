/** `npm run sandbox` as a real process on a free port, and what its banner tells an SDK team. */
import { sandboxReadyText } from "../../server/sandbox/banner.js";
import { freePort } from "./ports.js";
import { startServerProcess, type ServerProcess } from "./process.js";

export interface SandboxBanner {
  accountId: string;
  adminToken: string;
  v4: { apiKey: string; sharedKey: string; publicKeyPem: string };
  products: Map<string, string>;
  /** By ref. */
  licenses: Map<string, { product: string; key: string; id: string; demonstrates: string }>;
}

export interface Sandbox {
  process: ServerProcess;
  url: string;
  banner: SandboxBanner;
}

export async function startSandbox(args: string[] = []): Promise<Sandbox> {
  const port = await freePort();
  const process = await startServerProcess({ LOG_LEVEL: "warn" }, { script: "server/sandbox/main.ts", readyText: sandboxReadyText, args: ["--port", String(port), ...args] });
  return { process, url: `http://127.0.0.1:${port}`, banner: readBanner(process.output()) };
}

/** The values after their labels, the product and license tables, and the PEM under "Account public key". */
export function readBanner(text: string): SandboxBanner {
  const value = (label: string) => new RegExp(`^\\s+${label}\\s{2,}(\\S+)`, "m").exec(text)?.[1] ?? "";
  const section = (heading: string) => text.split(`\n  ${heading}\n`)[1]?.split("\n\n")[0]?.split("\n") ?? [];
  const products = section("Products (v4 code, v3 productId)").map((line) => line.trim().split(/\s{2,}/));
  const licenses = section("Licenses").slice(1).map((line) => line.trim().split(/\s{2,}/));
  return {
    accountId: value("Account id"),
    adminToken: value("Admin token"),
    v4: {
      apiKey: value("API key"),
      sharedKey: value("Shared key"),
      publicKeyPem: /Account public key[^\n]*\n(-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----)/.exec(text)?.[1] ?? "",
    },
    products: new Map(products.map(([code, id]) => [code!, id!])),
    licenses: new Map(licenses.map(([ref, product, key, id, demonstrates]) => [ref!, { product: product!, key: key!, id: id!, demonstrates: demonstrates! }])),
  };
}
