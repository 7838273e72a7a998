import type { operations } from "../../generated/v4.js";
import type { AnyHandler, Handler } from "../http/handler.js";
import type { V4Context } from "./context.js";

export type V4OperationId = keyof operations;

/**
 * Declares the handler of one v4 operation, typed from generated/ `operations[Id]`. The widening to AnyHandler is
 * sound because bindOperations validates every input against the spec those types come from.
 */
export function v4Handler<Id extends V4OperationId>(handle: Handler<operations[Id], V4Context>): AnyHandler<V4Context> {
  return handle as unknown as AnyHandler<V4Context>;
}
