import type { operations, webhooks } from "../../generated/v3.js";
import type { AnyHandler, Handler } from "../http/handler.js";
import type { V3Context } from "./context.js";

/** The operations of the `webhooks` section describe deliveries we send, not routes we answer. */
type WebhookOperation = webhooks[keyof webhooks]["post"];

/** The operations the server answers. */
export type V3OperationId = { [Id in keyof operations]: operations[Id] extends WebhookOperation ? never : Id }[keyof operations];

/**
 * Declares the handler of one v3 operation, typed from generated/ `operations[Id]`. The widening to
 * AnyHandler is sound because bindOperations validates every input against the spec those types come from.
 */
export function v3Handler<Id extends V3OperationId>(handle: Handler<operations[Id], V3Context>): AnyHandler<V3Context> {
  return handle as unknown as AnyHandler<V3Context>;
}
