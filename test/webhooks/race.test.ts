/**
 * Two dispatchers racing over the same outbox deliver each attempt exactly once. PostgreSQL: two connection pools,
 * as two server processes would have (claims use FOR UPDATE SKIP LOCKED). SQLite: one process shares one connection,
 * whose serialised write transactions make the claim exclusive.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccount, createWebhook } from "../../server/core/index.js";
import { recordEvent } from "../../server/core/events.js";
import { closeDatabase, openDatabase, WebhookAttemptEntity, type Database } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { createDispatcher } from "../support/webhooks.js";

describeEachDatabase("two dispatchers on one database", (getCore, getDatabase) => {
  let receiver: Receiver;
  let second: Database;
  beforeAll(async () => {
    receiver = await startReceiver();
    second = getDatabase().engine === "postgres" ? await openDatabase(getDatabase().url) : getDatabase().db;
  });
  afterAll(async () => {
    if (second && second !== getDatabase().db) await closeDatabase(second);
    await receiver?.stop();
  });

  it("deliver each of 60 events exactly once between them", async () => {
    const core = getCore();
    const account = await createAccount(core, { name: "race" });
    await createWebhook(core, account.id, { name: "r", url: receiver.url, events: ["license.created"] });
    const events = 60;
    for (let i = 0; i < events; i++) {
      await core.db.transaction((tx) => recordEvent(tx, { accountId: account.id, type: "license.created", data: { n: i }, at: core.now() }));
    }
    const dispatchers = [createDispatcher(core, { batchSize: 4 }), createDispatcher({ ...core, db: second }, { batchSize: 4 })];
    const drain = async (dispatcher: (typeof dispatchers)[number]) => {
      let sent = 0;
      for (let count = await dispatcher.runOnce(); count > 0; count = await dispatcher.runOnce()) sent += count;
      return sent;
    };
    const sent = await Promise.all(dispatchers.map(drain));

    expect(sent[0]! + sent[1]!).toBe(events);
    const ids = receiver.deliveries.map((delivery) => delivery.headers["webhook-id"]);
    expect(ids).toHaveLength(events);
    expect(new Set(ids).size).toBe(events);
    const attempts = await core.db.read((tx) => tx.findBy(WebhookAttemptEntity, { accountId: account.id }));
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.delivered])).toEqual(Array(events).fill([1, "done", true]));
  });
});
