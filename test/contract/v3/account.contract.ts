/** v3 account: every documented status of the account's signing-key operation. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { scopedToken, sharedCases } from "./common.js";

const { client, fixtures } = contractSuite();
let lackingScope: Record<string, string>;

beforeAll(async () => {
  lackingScope = await scopedToken(fixtures, ["license:read"]);
});

describe("getAccountSigningKey", () => {
  it("200 with the account's RSA public key", async () => {
    const key = await client.call("getAccountSigningKey", {}, 200);
    expect(key.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
  sharedCases(client, "getAccountSigningKey", () => ({}), () => lackingScope);
});
