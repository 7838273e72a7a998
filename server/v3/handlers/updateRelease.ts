import { updateRelease as update } from "../../core/index.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentRelease } from "../present.js";
import { releaseFields } from "../release-fields.js";

export const updateRelease = v3Handler<"updateRelease">(async ({ path, body }, context) => ({
  status: 200,
  body: presentRelease(await update(context.core, accountOf(context), path.id, releaseFields(body))),
}));
