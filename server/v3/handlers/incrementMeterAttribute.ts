import { incrementMeterAttribute as increment } from "../../core/index.js";
import { v3Handler } from "../handler.js";

export const incrementMeterAttribute = v3Handler<"incrementMeterAttribute">(async (input, { core }) => ({
  status: 200,
  body: await increment(core, input.path.id, input.body),
}));
