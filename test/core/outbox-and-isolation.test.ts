import { expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import {
  activateLicense, createAccount, createLicense, createProduct, createWebhook, deleteLicense, deleteProduct, getActivation, getLicense,
  getProduct, getWebhook, listActivations, listLicenses, listWebhookEventLogs, presentActivation, presentLicense, resendWebhookEvent,
  updateWebhook, type Activation, type License,
} from "../../server/core/index.js";
import { recordEvent } from "../../server/core/events.js";
import { EventEntity, WebhookAttemptEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { eventTypes, machine, seed } from "./helpers.js";

// Compile-time check that the event presenters produce the spec's wire objects.
export const presentersMatchSpec = (a: Activation, l: License) => {
  const activation: components["schemas"]["Activation"] = presentActivation(a);
  const license: components["schemas"]["License"] = presentLicense(l);
  return [activation, license];
};

describeEachDatabase("outbox and account isolation", (getCore) => {
  it("a failed transaction leaves no event", async () => {
    const core = getCore();
    const s = await seed(core);
    const failing = core.db.transaction(async (tx) => {
      await recordEvent(tx, { accountId: s.account.id, type: "license.updated", data: {}, at: core.now() });
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(await eventTypes(core, s.account.id)).toEqual(["license.created"]);
  });

  it("queues one attempt per subscribed webhook with the envelope; logs, not sends, for switched-off ones", async () => {
    const core = getCore();
    const s = await seed(core);
    const on = await createWebhook(core, s.account.id, { name: "on", url: "https://hooks.example.com/a", events: ["activation.created"] });
    const off = await createWebhook(core, s.account.id, { name: "off", url: "https://hooks.example.com/b", events: ["activation.created"], active: false });
    await createWebhook(core, s.account.id, { name: "other", url: "https://hooks.example.com/c", events: ["license.deleted"] });
    const { activation } = await activateLicense(core, machine(s));
    const attempts = await core.db.read((tx) => tx.findBy(WebhookAttemptEntity, { accountId: s.account.id }));
    expect(attempts).toHaveLength(2);
    const queued = attempts.find((a) => a.webhookId === on.id)!;
    expect(queued).toMatchObject({ status: "queued", attempt: 1, error: null, eventType: "activation.created" });
    expect(attempts.find((a) => a.webhookId === off.id)).toMatchObject({ status: "done", error: "webhook switched off", nextAttemptAt: null });
    const body = JSON.parse(queued.requestBody);
    expect(body).toEqual({ event: "activation.created", data: presentActivation(await getActivation(core, s.account.id, activation.id)), triggeredAt: expect.any(String) });
    const event = await core.db.read((tx) => tx.findOneByOrFail(EventEntity, { id: queued.eventId }));
    expect(event.payload).toEqual(body);
  });

  it("resend queues attempt = last + 1 with the same event id; WEBHOOK_INACTIVE when switched off", async () => {
    const core = getCore();
    const s = await seed(core);
    const webhook = await createWebhook(core, s.account.id, { name: "on", url: "https://hooks.example.com/a", events: ["license.updated", "activation.created"] });
    await activateLicense(core, machine(s));
    const [log] = (await listWebhookEventLogs(core, s.account.id, { event: "activation.created" })).items;
    const resent = await resendWebhookEvent(core, s.account.id, log!.id);
    expect(resent).toMatchObject({ eventId: log!.eventId, attempt: 2, status: "queued", manual: true, requestBody: log!.requestBody });
    await updateWebhook(core, s.account.id, webhook.id, { active: false });
    await expect(resendWebhookEvent(core, s.account.id, log!.id)).rejects.toMatchObject({ code: "WEBHOOK_INACTIVE" });
  });

  it("INVALID_WEBHOOK_URL for a non-http(s) URL", async () => {
    const core = getCore();
    const s = await seed(core);
    await expect(createWebhook(core, s.account.id, { name: "x", url: "ftp://example.com", events: ["license.created"] })).rejects.toMatchObject({ code: "INVALID_WEBHOOK_URL" });
  });

  it("deleteLicense fires activation.deleted for each activation, then license.deleted", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 2 });
    await activateLicense(core, machine(s));
    await activateLicense(core, machine(s));
    await deleteLicense(core, s.account.id, s.license.id);
    expect((await eventTypes(core, s.account.id)).slice(-3)).toEqual(["activation.deleted", "activation.deleted", "license.deleted"]);
    await expect(getLicense(core, s.account.id, s.license.id)).rejects.toMatchObject({ code: "LICENSE_NOT_FOUND" });
  });

  it("another account's rows are not found, not listed and not changeable", async () => {
    const core = getCore();
    const s = await seed(core);
    const { activation } = await activateLicense(core, machine(s));
    const webhook = await createWebhook(core, s.account.id, { name: "w", url: "https://hooks.example.com", events: ["license.created"] });
    const other = await createAccount(core, { name: "Other" });
    await expect(getProduct(core, other.id, s.product.id)).rejects.toMatchObject({ code: "PRODUCT_NOT_FOUND" });
    await expect(getLicense(core, other.id, s.license.id)).rejects.toMatchObject({ code: "LICENSE_NOT_FOUND" });
    await expect(getActivation(core, other.id, activation.id)).rejects.toMatchObject({ code: "ACTIVATION_NOT_FOUND" });
    await expect(getWebhook(core, other.id, webhook.id)).rejects.toMatchObject({ code: "WEBHOOK_NOT_FOUND" });
    await expect(deleteLicense(core, other.id, s.license.id)).rejects.toMatchObject({ code: "LICENSE_NOT_FOUND" });
    await expect(createLicense(core, other.id, { productId: s.product.id })).rejects.toMatchObject({ code: "INVALID_PRODUCT_ID" });
    expect((await listLicenses(core, other.id)).total).toBe(0);
    expect((await listActivations(core, other.id)).total).toBe(0);
  });

  it("licenses: generated key format, defaults, duplicate key, PRODUCT_IN_USE", async () => {
    const core = getCore();
    const s = await seed(core);
    expect(s.license.key).toMatch(/^([A-F0-9]{6}-){5}[A-F0-9]{6}$/);
    expect(s.license).toMatchObject({
      type: "node-locked", allowedActivations: 1, allowedDeactivations: -1, validity: 0, allowVmActivation: true, allowContainerActivation: true,
      userLocked: false, allowedFloatingClients: 1, leaseDuration: 0, serverSyncInterval: 3600, serverSyncGracePeriod: 1209600,
      allowedClockOffset: 300, expirationStrategy: "immediate", expiresAt: null, totalActivations: 0, totalDeactivations: 0,
    });
    await expect(createLicense(core, s.account.id, { productId: s.product.id, key: s.license.key })).rejects.toMatchObject({ code: "LICENSE_KEY_ALREADY_EXISTS" });
    await expect(deleteProduct(core, s.account.id, s.product.id)).rejects.toMatchObject({ code: "PRODUCT_IN_USE" });
    const empty = await createProduct(core, s.account.id, { name: "Empty" });
    await deleteProduct(core, s.account.id, empty.id);
    expect(s.product.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it("dates round-trip exactly through the database", async () => {
    const core = getCore();
    const s = await seed(core, { expiresAt: new Date("2031-02-03T04:05:06.789Z") });
    expect((await getLicense(core, s.account.id, s.license.id)).expiresAt?.toISOString()).toBe("2031-02-03T04:05:06.789Z");
  });
});
