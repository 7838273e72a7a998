import { createOAuthClient as create } from "../../core/index.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentOAuthClient } from "../present.js";

/** The client secret is shown here, once; reads never return it. */
export const createOAuthClient = v3Handler<"createOAuthClient">(async (input, context) => {
  const client = await create(context.core, accountOf(context), input.body);
  return { status: 201, body: { ...presentOAuthClient(client), clientSecret: client.clientSecret } };
});
