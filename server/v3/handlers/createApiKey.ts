import { createApiKey as create } from "../../core/index.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentApiKey } from "../present.js";

/** The shared key is shown here, once; reads never return it. */
export const createApiKey = v3Handler<"createApiKey">(async (input, context) => {
  const key = await create(context.core, { accountId: accountOf(context), ...input.body });
  return { status: 201, body: { ...presentApiKey(key), sharedKey: key.sharedKey } };
});
