import type { Core } from "../../core/index.js";
import type { AnyHandler, Reply } from "../../http/handler.js";
import { accountOf, type V3Context } from "../context.js";

/** The list query every v3 list operation shares (defaults come from the spec). */
export interface ListQuery {
  page: number;
  limit: number;
  sort?: string;
  [filter: string]: unknown;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/*
 * The management operations of v3 are the same five verbs over several resources; these factories are
 * the one implementation of each verb, so a resource's handlers are one line each in the table.
 */

export function listResource<T>(
  list: (core: Core, accountId: string, query: ListQuery) => Promise<Page<T>>,
  present: (item: T) => unknown,
): AnyHandler<V3Context> {
  return async (input, context) => {
    const query = input.query as ListQuery;
    const page = await list(context.core, accountOf(context), query);
    return paginated(query, page, present);
  };
}

export function getResource<T>(get: (core: Core, accountId: string, id: string) => Promise<T>, present: (item: T) => unknown): AnyHandler<V3Context> {
  return async (input, context) => ({ status: 200, body: present(await get(context.core, accountOf(context), String(input.path.id))) });
}

export function createResource<T, B>(create: (core: Core, accountId: string, body: B) => Promise<T>, present: (item: T) => unknown): AnyHandler<V3Context> {
  return async (input, context) => ({ status: 201, body: present(await create(context.core, accountOf(context), input.body as B)) });
}

export function updateResource<T, B>(
  update: (core: Core, accountId: string, id: string, body: B) => Promise<T>,
  present: (item: T) => unknown,
): AnyHandler<V3Context> {
  return async (input, context) => ({
    status: 200,
    body: present(await update(context.core, accountOf(context), String(input.path.id), input.body as B)),
  });
}

export function deleteResource(remove: (core: Core, accountId: string, id: string) => Promise<unknown>): AnyHandler<V3Context> {
  return async (input, context) => {
    await remove(context.core, accountOf(context), String(input.path.id));
    return { status: 204 };
  };
}

/** A bare JSON array with the pagination headers the v3 contract documents. */
export function paginated<T>(query: ListQuery, page: Page<T>, present: (item: T) => unknown): Reply {
  return {
    status: 200,
    body: page.items.map(present),
    headers: {
      "Pagination-Count": String(page.total),
      "Pagination-Page": String(query.page),
      "Pagination-Limit": String(query.limit),
    },
  };
}
