/** The webhook simulator (`npm run webhooks:send`): the spec's examples, signed as the server signs, to any URL. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook, type WebhookSignatureScheme } from "../../client/index.js";
import { webhookEventExamples } from "../../mocks/webhook-events.js";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { execFile } from "node:child_process";
import { loadSpec, repoRoot } from "../support/spec.js";

/** Runs the CLI without blocking: the receiver answers from this same process. */
const simulate = (...args: string[]) =>
  new Promise<{ status: number; output: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "mocks/send-webhook.ts", ...args], { cwd: repoRoot, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
const secret = "simulator-secret-0123456789";

describe("webhook simulator", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver?.stop());

  const sent = (count: number) => receiver.deliveries.slice(-count);

  it("lists every event of the spec's webhooks section", async () => {
    const result = await simulate("--list");
    expect(result.status).toBe(0);
    for (const event of Object.keys(loadSpec("v3").webhooks!)) expect(result.output).toContain(event);
  });

  it.each(["cryptlex", "standard-webhooks"] as const)("sends the spec's example, signed with the %s scheme", async (scheme: WebhookSignatureScheme) => {
    const result = await simulate("--event", "activation.created", "--url", receiver.url, "--secret", secret, "--scheme", scheme);
    expect(result.status).toBe(0);
    const [delivery] = sent(1);
    const example = webhookEventExamples().find((e) => e.event === "activation.created")!.payload;
    expect(verifyWebhook({ body: delivery!.body, headers: delivery!.headers, secret, scheme })).toEqual(example);
  });

  it("--duplicate sends the same webhook-id twice; --stale is refused by the receiver helper", async () => {
    expect((await simulate("--event", "license.created", "--url", receiver.url, "--secret", secret, "--duplicate")).status).toBe(0);
    const [first, second] = sent(2);
    expect(first!.headers["webhook-id"]).toBe(second!.headers["webhook-id"]);
    expect((await simulate("--event", "license.created", "--url", receiver.url, "--secret", secret, "--stale")).status).toBe(0);
    const [stale] = sent(1);
    expect(() => verifyWebhook({ body: stale!.body, headers: stale!.headers, secret, scheme: "cryptlex" })).toThrow(expect.objectContaining({ reason: "stale" }));
  });

  it("--file replays a payload byte for byte", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lic-sim-")), "payload.json");
    writeFileSync(file, '{"event":"license.deleted","data":{"id":"x"},  "triggeredAt":"2024-01-01T00:00:00Z"}');
    expect((await simulate("--event", "license.deleted", "--url", receiver.url, "--file", file)).status).toBe(0);
    expect(sent(1)[0]!.body).toBe('{"event":"license.deleted","data":{"id":"x"},  "triggeredAt":"2024-01-01T00:00:00Z"}');
  });

  it.each([
    [["--event", "nope.created", "--url", "http://127.0.0.1:1/"], 2],
    [["--event", "license.created"], 2],
    [["--event", "license.created", "--url", "http://127.0.0.1:1/", "--scheme", "hmac"], 2],
    [["--event", "license.created", "--url", "http://127.0.0.1:1/"], 1],
  ])("exits non-zero for %j", async (args, status) => {
    expect((await simulate(...args)).status).toBe(status);
  });
});
