/**
 * SSRF through webhook URLs (OWASP API7), beyond the plain address forms of test/webhooks/ssrf.test.ts (private
 * ranges, loopback, link-local, IPv4-mapped, DNS rebinding): the spellings that smuggle an internal address past a
 * naive check, and redirects, which the dispatcher must never follow.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordEvent } from "../../server/core/events.js";
import { createWebhook } from "../../server/core/index.js";
import { WebhookAttemptEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createDispatcher } from "../support/webhooks.js";

describeEachDatabase("attack: SSRF through webhook URLs", (getCore) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(getCore(), { webhooks: { allowPrivateUrls: false, allowHttp: false } });
    token = (await server.account()).token;
  });
  afterAll(() => server?.stop());

  const subscribe = (url: string) => server.v3(token).POST("/v3/webhooks", { body: { name: "w", url, events: ["license.created"] } });

  it.each([
    ["decimal IPv4 (127.0.0.1)", "https://2130706433/hook"],
    ["decimal IPv4 (169.254.169.254, cloud metadata)", "https://2852039166/latest/meta-data"],
    ["octal IPv4", "https://0177.0.0.1/hook"],
    ["hexadecimal IPv4", "https://0x7f.0x0.0x0.0x1/hook"],
    ["one hexadecimal number", "https://0x7f000001/hook"],
    ["shortened IPv4", "https://127.1/hook"],
    ["the bare 0 (0.0.0.0)", "https://0/hook"],
    ["credentials in front of a loopback host", "https://hooks.example.com@127.0.0.1/hook"],
    ["upper-case localhost", "https://LOCALHOST/hook"],
    ["localhost with a trailing dot", "https://localhost./hook"],
    ["a name under localhost", "https://api.localhost/hook"],
    ["a multicast-DNS name", "https://printer.local/hook"],
    ["GCP's metadata name", "https://metadata.google.internal/computeMetadata/v1/"],
    ["IPv4-mapped IPv6 in hexadecimal", "https://[::ffff:7f00:1]/hook"],
    ["IPv4-mapped IPv6 written out", "https://[0:0:0:0:0:ffff:127.0.0.1]/hook"],
    ["IPv4-mapped metadata address", "https://[::ffff:169.254.169.254]/hook"],
    ["IPv4-compatible IPv6 (deprecated ::/96)", "https://[::127.0.0.1]/hook"],
    ["IPv4-translated IPv6 (::ffff:0:0:0/96)", "https://[::ffff:0:7f00:1]/hook"],
    ["NAT64 of loopback", "https://[64:ff9b::7f00:1]/hook"],
    ["6to4 of loopback", "https://[2002:7f00:1::]/hook"],
    ["the unspecified IPv6 address", "https://[::]/hook"],
    ["AWS's IPv6 metadata address", "https://[fd00:ec2::254]/latest/meta-data"],
    ["Alibaba's metadata address (shared range)", "https://100.100.100.200/latest/meta-data"],
  ])("refuses %s with 400 INVALID_WEBHOOK_URL", async (_name, url) => {
    const refused = await subscribe(url);
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: "INVALID_WEBHOOK_URL" });
  });

  it.each([
    ["a public address in dotted form", "https://93.184.216.34/hook"],
    ["the same public address as one decimal number", "https://1572395042/hook"],
    ["a public IPv6 address", "https://[2606:4700:4700::1111]/hook"],
    ["a public name that merely contains a local word", "https://localhost-hooks.example.com/internal"],
  ])("accepts %s", async (_name, url) => {
    expect((await subscribe(url)).response.status).toBe(201);
  });

  it("never follows a redirect: a receiver answering 307 towards another address gets a failed, logged attempt, and the target nothing", async () => {
    const core = getCore();
    const receivers: Receiver[] = [await startReceiver()];
    receivers.push(await startReceiver(() => ({ status: 307, headers: { location: receivers[0]!.url } })));
    const [target, redirecting] = receivers as [Receiver, Receiver];
    try {
      const { accountId } = await server.account();
      // Saved through the core: both receivers are on loopback, which only a development policy allows.
      const webhooks = [await createWebhook(core, accountId, { name: "redirects", url: redirecting.url, events: ["license.created"] })];
      await core.db.transaction((tx) => recordEvent(tx, { accountId, type: "license.created", data: {}, at: core.now() }));
      const dispatcher = createDispatcher(core, { retryDelaysMs: [3_600_000] });
      expect(await dispatcher.runOnce()).toBe(1);
      expect(redirecting.deliveries).toHaveLength(1);
      expect(target.deliveries).toHaveLength(0);
      const [first] = await core.db.read((tx) => tx.findBy(WebhookAttemptEntity, { webhookId: webhooks[0]!.id, attempt: 1 }));
      expect(first).toMatchObject({ delivered: false, statusCode: 307 });

      // The target itself is reachable: a subscription straight to it is delivered, the redirect still not followed.
      webhooks.push(await createWebhook(core, accountId, { name: "direct", url: target.url, events: ["license.created"] }));
      await core.db.transaction((tx) => recordEvent(tx, { accountId, type: "license.created", data: {}, at: core.now() }));
      expect(await dispatcher.runOnce()).toBe(2);
      expect(redirecting.deliveries).toHaveLength(2);
      expect(target.deliveries).toHaveLength(1);
    } finally {
      await Promise.all(receivers.map((receiver) => receiver.stop()));
    }
  });
});
