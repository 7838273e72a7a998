import { createRelease as create } from "../../core/index.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentRelease } from "../present.js";
import { releaseFields } from "../release-fields.js";

export const createRelease = v3Handler<"createRelease">(async ({ body }, context) => ({
  status: 201,
  body: presentRelease(await create(context.core, accountOf(context), releaseFields(body))),
}));
