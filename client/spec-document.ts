/** Walking a parsed OpenAPI 3.1 document: JSON pointers, local `$ref`s and the list of operations. */

export type OpenApiDocument = Record<string, unknown> & { paths?: Record<string, unknown> };

export const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationRef {
  method: (typeof httpMethods)[number];
  /** The path template (`/v3/activations/{id}`) or, for webhooks, the event name. */
  path: string;
  /** JSON pointer of the operation object, e.g. `/paths/~1v3~1activations/post`. */
  pointer: string;
  operation: Record<string, any>;
}

/** Escapes one JSON-pointer segment. */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

/** Follows a chain of local `$ref`s from `pointer` and returns the pointer of the final object. */
export function followRefs(document: OpenApiDocument, pointer: string): string {
  let current = pointer;
  for (let hops = 0; hops < 16; hops++) {
    const ref = (resolvePointer(document, current) as { $ref?: string } | undefined)?.$ref;
    if (!ref) return current;
    current = ref.slice(1);
  }
  throw new Error(`$ref chain too deep at ${current}`);
}

/** The object itself, or what its local `$ref` points at. */
export function dereference<T>(document: OpenApiDocument, node: T): T {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  return ref ? (resolvePointer(document, followRefs(document, ref.slice(1))) as T) : node;
}

/** Every operation under `paths` (or `webhooks`), with its JSON pointer. */
export function listOperations(document: OpenApiDocument, section: "paths" | "webhooks" = "paths"): OperationRef[] {
  const items = (document[section] ?? {}) as Record<string, Record<string, any>>;
  return Object.entries(items).flatMap(([path, item]) =>
    httpMethods
      .filter((method) => item[method])
      .map((method) => ({ method, path, pointer: `/${section}/${pointerSegment(path)}/${method}`, operation: item[method] })),
  );
}
