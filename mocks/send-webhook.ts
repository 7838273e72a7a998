/**
 * The webhook simulator for SDK teams (`npm run webhooks:send`): sends the spec's example event, signed exactly as
 * the server signs deliveries, to any URL. Needs no server or database.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { deliveryHeaders, type WebhookSignatureScheme } from "../client/webhook-signing.js";
import { webhookEventExamples } from "./webhook-events.js";

const usage = `Usage: npm run webhooks:send -- --event <name> --url <url> [options]
       npm run webhooks:send -- --list

  --event <name>     an event of openapi/v3.yaml's webhooks section (see --list)
  --url <url>        where to POST it
  --secret <token>   the subscription token to sign with (default: a fixed demo secret, printed)
  --scheme <scheme>  cryptlex (default) or standard-webhooks
  --file <path>      send this file's bytes as the body instead of the spec's example
  --duplicate        send the same delivery twice (same webhook-id): receivers must deduplicate
  --stale            date webhook-timestamp 10 minutes back: receivers must refuse it
  --list             list the events and exit`;

/** A fixed demo secret, so a receiver can be configured once. */
const demoSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const staleSeconds = 600;

const { values } = parseArgs({
  options: {
    event: { type: "string" },
    url: { type: "string" },
    secret: { type: "string", default: demoSecret },
    scheme: { type: "string", default: "cryptlex" },
    file: { type: "string" },
    duplicate: { type: "boolean", default: false },
    stale: { type: "boolean", default: false },
    list: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

process.exitCode = await main();

async function main(): Promise<number> {
  const examples = webhookEventExamples();
  if (values.help) return say(usage, 0);
  if (values.list) return say(examples.map((example) => `${example.event.padEnd(26)}${example.summary}`).join("\n"), 0);
  const example = examples.find((candidate) => candidate.event === values.event);
  if (!example || !values.url) return say(`${example ? "" : `unknown or missing --event "${values.event ?? ""}"\n`}${usage}`, 2);
  if (values.scheme !== "cryptlex" && values.scheme !== "standard-webhooks") return say(`unknown --scheme "${values.scheme}"\n${usage}`, 2);

  const body = values.file ? readFileSync(values.file, "utf8") : JSON.stringify(example.payload);
  const id = randomUUID();
  const timestamp = new Date(Date.now() - (values.stale ? staleSeconds * 1000 : 0));
  const headers = deliveryHeaders({ id, timestamp, body, scheme: values.scheme as WebhookSignatureScheme, tokens: [values.secret!] });
  console.log(`${example.event} → ${values.url} (scheme ${values.scheme}, secret ${values.secret}, webhook-id ${id})`);
  let failed = false;
  for (let copy = 0; copy < (values.duplicate ? 2 : 1); copy++) {
    const result = await post(values.url, headers, body);
    console.log(`  ${result}`);
    failed ||= !result.startsWith("2");
  }
  return failed ? 1 : 0;
}

/** One POST as the dispatcher sends it (no redirects, 15 s timeout); returns `<status> <body start>` or the error. */
async function post(url: string, headers: Record<string, string>, body: string): Promise<string> {
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    return `${response.status} ${(await response.text()).slice(0, 200)}`;
  } catch (error) {
    return `failed: ${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}`;
  }
}

function say(text: string, code: number): number {
  (code === 0 ? console.log : console.error)(text);
  return code;
}
