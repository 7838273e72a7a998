/** Paging and sorting of list services, the same for every resource. */
import type { EntityManager, EntitySchema, FindOptionsOrder, FindOptionsWhere } from "typeorm";
import type { Page, PageRequest } from "./model.js";

const maxLimit = 100;

/**
 * One page of `entity` rows matching `where` (exact matches), sorted by `sort` when it is one of `sortable`
 * (else `fallback`), ties broken by id so pages never overlap.
 */
export async function findPage<Row extends { id: string }>(
  tx: EntityManager,
  entity: EntitySchema<Row>,
  where: FindOptionsWhere<Row>,
  request: PageRequest,
  sortable: readonly string[],
  fallback = "createdAt",
): Promise<Page<Row>> {
  const page = Math.max(1, Math.floor(request.page ?? 1));
  const limit = Math.min(maxLimit, Math.max(1, Math.floor(request.limit ?? 10)));
  const sort = request.sort && sortable.includes(request.sort.replace(/^-/, "")) ? request.sort : fallback;
  const field = sort.replace(/^-/, "");
  const direction = sort.startsWith("-") ? "DESC" : "ASC";
  const order = { [field]: direction, id: direction } as FindOptionsOrder<Row>;
  const [items, total] = await tx.getRepository(entity).findAndCount({ where, order, skip: (page - 1) * limit, take: limit });
  return { items, total };
}

/** Drops undefined filters so "not given" never turns into "IS NULL". */
export function definedOnly<T extends object>(filters: T): T {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as T;
}
