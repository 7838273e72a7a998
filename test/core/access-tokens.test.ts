import { randomBytes } from "node:crypto";
import { SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { expect, it } from "vitest";
import { createAccessToken, createAccount, getAccessToken, revokeAccessToken, verifyAccessToken } from "../../server/core/index.js";
import { lastUsedResolutionMs } from "../../server/core/verify-access-token.js";
import { describeEachDatabase } from "../support/database.js";
import { Clock, withClock } from "./helpers.js";

describeEachDatabase("access tokens", (getCore) => {
  async function mint(expiresAt?: Date) {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const account = await createAccount(core, { name: "A" });
    const { token, record } = await createAccessToken(core, { accountId: account.id, name: "ci", scopes: ["license:read"], expiresAt });
    return { core, clock, account, token, record };
  }

  it("verifies its own token and records lastUsedAt", async () => {
    const { core, account, token, record } = await mint();
    expect(decodeJwt(token)).toMatchObject({ iss: "licensing-api", sub: record.id, aid: account.id, scopes: ["license:read"] });
    expect(decodeJwt(token).exp).toBeUndefined();
    await expect(verifyAccessToken(core, token)).resolves.toEqual({ accountId: account.id, tokenId: record.id, scopes: ["license:read"] });
    expect((await getAccessToken(core, account.id, record.id)).lastUsedAt).toEqual(core.now());
  });

  it("records lastUsedAt to the minute, not on every request", async () => {
    const { core, clock, account, token, record } = await mint();
    await verifyAccessToken(core, token);
    const first = core.now();
    clock.advance(lastUsedResolutionMs / 1000 - 1);
    await verifyAccessToken(core, token);
    expect((await getAccessToken(core, account.id, record.id)).lastUsedAt).toEqual(first);
    clock.advance(1);
    await verifyAccessToken(core, token);
    expect((await getAccessToken(core, account.id, record.id)).lastUsedAt).toEqual(core.now());
  });

  it.each<[string, (t: { token: string; sub: string; aid: string }) => Promise<string> | string]>([
    ["alg none", ({ sub, aid }) => new UnsecuredJWT({ aid, scopes: [] }).setIssuer("licensing-api").setSubject(sub).encode()],
    ["HS256 with another secret", ({ sub, aid }) => new SignJWT({ aid }).setProtectedHeader({ alg: "HS256" }).setIssuer("licensing-api").setSubject(sub).sign(randomBytes(32))],
    ["a tampered payload", ({ token }) => { const [h, , s] = token.split("."); return `${h}.${Buffer.from(JSON.stringify({ sub: "x", aid: "y", iss: "licensing-api" })).toString("base64url")}.${s}`; }],
    ["garbage", () => "not-a-jwt"],
  ])("refuses %s with TOKEN_INVALID", async (_name, forge) => {
    const { core, token, record, account } = await mint();
    await expect(verifyAccessToken(core, await forge({ token, sub: record.id, aid: account.id }))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("refuses a token of another issuer (signed with the right secret) with TOKEN_INVALID", async () => {
    const { core, token } = await mint();
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, iss: "evil" })).toString("base64url")}.${signature}`;
    await expect(verifyAccessToken(core, forged)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("TOKEN_EXPIRED after expiresAt (injected clock)", async () => {
    const { core, clock, token } = await mint(new Date("2024-06-15T11:00:00Z"));
    await expect(verifyAccessToken(core, token)).resolves.toBeTruthy();
    clock.advance(3601);
    await expect(verifyAccessToken(core, token)).rejects.toMatchObject({ code: "TOKEN_EXPIRED" });
  });

  it("TOKEN_REVOKED after revocation (idempotent)", async () => {
    const { core, account, token, record } = await mint();
    await revokeAccessToken(core, account.id, record.id);
    await revokeAccessToken(core, account.id, record.id);
    await expect(verifyAccessToken(core, token)).rejects.toMatchObject({ code: "TOKEN_REVOKED" });
  });

  it("INVALID_EXPIRES_AT for a past expiry", async () => {
    const { core, account } = await mint();
    await expect(createAccessToken(core, { accountId: account.id, name: "x", scopes: ["license:read"], expiresAt: new Date("2020-01-01") }))
      .rejects.toMatchObject({ code: "INVALID_EXPIRES_AT" });
  });

  it("another account's token id is not found", async () => {
    const { core, record } = await mint();
    const other = await createAccount(core, { name: "B" });
    await expect(getAccessToken(core, other.id, record.id)).rejects.toMatchObject({ code: "PERSONAL_ACCESS_TOKEN_NOT_FOUND" });
  });
});
