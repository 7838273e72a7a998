import { DomainError } from "../../core/errors.js";
import { createAccessToken } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { presentPersonalAccessToken } from "../present.js";

/** A token can only hand out scopes its creator holds, so a narrow token never mints a wider one. */
export const createPersonalAccessToken = v3Handler<"createPersonalAccessToken">(async (input, { core, auth }) => {
  const caller = auth!;
  const beyond = input.body.scopes.filter((scope) => !caller.scopes.includes(scope));
  if (beyond.length) throw new DomainError("FORBIDDEN", { beyond }, `You cannot grant scopes you do not hold: ${beyond.join(", ")}.`);
  const expiresAt = input.body.expiresAt ? new Date(input.body.expiresAt) : undefined;
  const { token, record } = await createAccessToken(core, { accountId: caller.accountId, name: input.body.name, scopes: input.body.scopes, expiresAt });
  return { status: 201, body: { ...presentPersonalAccessToken(record), token } };
});
