/** GET /v3/account/signing-key: the key that verifies the account's v4 answers, for tokens with product:read only. */
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { signBody } from "../../server/v4/sign-response.js";
import { AccountEntity } from "../../server/db/index.js";
import { describeApi } from "../support/api.js";

const sdk = createRequire(import.meta.url)("@licensespring/node-sdk/dist/src/common.js") as {
  checkSignatureV2(publicKey: string, body: unknown, signature: string): boolean;
};

describeApi("the account's signing key", (api) => {
  it("is the public half of the key that signs v4 answers", async () => {
    const { data, response } = await api.client.GET("/v3/account/signing-key");
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ accountId: api.admin.accountId, algorithm: "RS256" });
    const account = await api.server.core.db.read((tx) => tx.findOneByOrFail(AccountEntity, { id: api.admin.accountId }));
    const body = { license_key: "K", hardware_id: "H" };
    const { signature } = await signBody(account.privateKeyPem, body);
    expect(sdk.checkSignatureV2(data!.publicKey, body, signature)).toBe(true);
  });

  it("needs a token with product:read", async () => {
    const reader = await api.server.account(["license:read"]);
    expect((await api.server.v3(reader.token).GET("/v3/account/signing-key")).response.status).toBe(403);
    expect((await api.server.v3().GET("/v3/account/signing-key")).response.status).toBe(401);
  });
});
