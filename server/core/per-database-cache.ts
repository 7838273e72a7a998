/**
 * A per-process cache of values that never change once they are in the database (server secrets, account signing
 * keys), kept per Database so a process that opens several (the tests do) never mixes them.
 */
export function perDatabaseCache<T>(): (db: object, key: string, load: () => Promise<T>) => Promise<T> {
  const caches = new WeakMap<object, Map<string, T>>();
  return async (db, key, load) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    const known = cache.get(key);
    if (known !== undefined) return known;
    const value = await load();
    cache.set(key, value);
    return value;
  };
}
