import type { OperationInput } from "./request-validator.js";

/** A handler's answer on success; failures are thrown (DomainError) and mapped by the version's error table. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Parameters<Op> = Op extends { parameters: infer P } ? P : never;
type Group<Op, K extends string> = Parameters<Op> extends Record<K, infer G> ? Exclude<G, undefined> : never;
type MediaOf<T> = T extends { content: infer C } ? C[keyof C] : undefined;
type Responses<Op> = Op extends { responses: infer R } ? R : never;

/** The validated input of one operation, typed from generated/ `operations["<operationId>"]`. */
export interface Input<Op> {
  path: Group<Op, "path">;
  query: Group<Op, "query">;
  headers: Group<Op, "header">;
  body: Op extends { requestBody?: infer B } ? MediaOf<Exclude<B, undefined>> : undefined;
  contentType: string;
}

/** A success reply of one operation: one of its documented 2xx statuses with that status's body. */
export type ReplyOf<Op> = {
  [S in keyof Responses<Op> & (200 | 201 | 202 | 204)]: { status: S; body: MediaOf<Responses<Op>[S]>; headers?: Record<string, string> };
}[keyof Responses<Op> & (200 | 201 | 202 | 204)];

/** A handler of one operation: thin, it calls one core service and presents the result. */
export type Handler<Op, Context> = (input: Input<Op>, context: Context) => Promise<ReplyOf<Op>>;

/** How the route binder sees any handler. */
export type AnyHandler<Context> = (input: OperationInput, context: Context) => Promise<Reply>;
