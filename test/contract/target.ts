/**
 * The target of a contract run, read from the environment that `npm run contract` (run.ts) sets: where the
 * deployment is, which spec it claims to keep, and the credentials the suite may use.
 */
import type { SpecVersion } from "../support/spec.js";

export interface ContractTarget {
  spec: SpecVersion;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** A Prism mock: no state, answers are chosen with `Prefer: code=…`, fixtures are not set up. */
  mock: boolean;
  /** A v3 personal access token with every scope (fixtures are set up and removed through v3, also for v4 runs). */
  token?: string;
  /** v4 credentials; without them a v4 run creates an API key through v3 and revokes it afterwards. */
  apiKey?: string;
  sharedKey?: string;
  /** Many more generated cases (`--deep`). */
  deep: boolean;
  /** The seed of every generated case, so a failure can be replayed. */
  seed: number;
  /** Where each exchange is appended (JSON lines), for the report. */
  recordFile: string;
  /**
   * A public URL that forwards to the suite's webhook receiver, for targets that cannot reach this machine's
   * loopback (`--webhook-url`). The receiver then listens on every interface, on CONTRACT_WEBHOOK_PORT or else
   * the URL's own port; without it the receiver listens on 127.0.0.1 and registers that address.
   */
  webhook?: { url: string; port: number };
}

export function contractTarget(env: NodeJS.ProcessEnv = process.env): ContractTarget {
  const spec = env.CONTRACT_SPEC;
  if (spec !== "v3" && spec !== "v4") throw new Error("CONTRACT_SPEC must be v3 or v4 (run the suite with npm run contract)");
  if (!env.CONTRACT_TARGET) throw new Error("CONTRACT_TARGET is not set (run the suite with npm run contract)");
  return {
    spec,
    baseUrl: env.CONTRACT_TARGET.replace(/\/+$/, ""),
    mock: env.CONTRACT_MOCK === "true",
    token: env.CONTRACT_TOKEN || undefined,
    apiKey: env.CONTRACT_API_KEY || undefined,
    sharedKey: env.CONTRACT_SHARED_KEY || undefined,
    deep: env.CONTRACT_DEEP === "true",
    seed: Number(env.CONTRACT_SEED ?? 1),
    recordFile: env.CONTRACT_RECORD_FILE ?? "reports/.contract-exchanges.jsonl",
    webhook: env.CONTRACT_WEBHOOK_URL ? webhookOf(env.CONTRACT_WEBHOOK_URL, env.CONTRACT_WEBHOOK_PORT) : undefined,
  };
}

function webhookOf(url: string, port: string | undefined): { url: string; port: number } {
  const parsed = new URL(url);
  if (!/^https?:$/.test(parsed.protocol)) throw new Error(`CONTRACT_WEBHOOK_URL must be http or https: ${url}`);
  const listen = Number(port || parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  if (!Number.isInteger(listen) || listen < 1 || listen > 65535) throw new Error(`CONTRACT_WEBHOOK_PORT is not a port: ${port}`);
  return { url, port: listen };
}
