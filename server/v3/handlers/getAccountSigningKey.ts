import { getAccount } from "../../core/index.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";

/** The public key the LicenseSpring SDKs are given to verify this account's v4 answers. */
export const getAccountSigningKey = v3Handler<"getAccountSigningKey">(async (_input, context) => {
  const account = await getAccount(context.core, accountOf(context));
  return { status: 200, body: { accountId: account.id, algorithm: "RS256", publicKey: account.publicKeyPem } };
});
