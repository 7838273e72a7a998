/** Opening and closing the database: a migrated `Database` ready for the core. */
import { createDataSource, migrateDatabase } from "./data-source.js";
import { Database } from "./database.js";

export { createDataSource, migrateDatabase, engineOf, withStartupLock, type Engine } from "./data-source.js";
export { Database, lockCustomer, lockLicense, lockDueAttempts, lockAttempt, lockIdempotencyKey, lockExpiredIdempotencyKeys, UniqueViolation, isUniqueViolation } from "./database.js";
export * from "./entities/index.js";

/** Connects to `url` (`sqlite:<path>`, `sqlite::memory:` or `postgres://…`) and runs the migrations. */
export async function openDatabase(url: string, poolSize?: number): Promise<Database> {
  const dataSource = createDataSource(url, poolSize);
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return new Database(dataSource, url);
}

export async function closeDatabase(database: Database): Promise<void> {
  await database.close();
}
