import { parseArgs } from "node:util";
import { loadConfig } from "./config.js";
import { createAccessToken, createAccount, createApiKey, getAccount, listAccounts, revokeApiKey, type Core } from "./core/index.js";
import { allScopes } from "./core/scopes.js";
import { closeDatabase, openDatabase } from "./db/index.js";
import { licensingCommands, licensingHelp, licensingOptions, required, UsageError, type Command } from "./admin-licensing.js";

const help = `Usage: npm run admin -- <command> [options]

Commands:
  create-account --name <name>                 create an account; prints its id
  mint-token --account <id> --scopes <list>    mint a personal access token; prints only the token
             [--name <name>] [--expires-in-days <n>]
             <list> is comma-separated scopes, or "all" (${allScopes.join(", ")})
  create-api-key --account <id> [--read-only] [--products <id,id>] [--name <name>]
                                               create a v4 API key and shared key (optionally limited to
                                               products); prints {id, apiKey, sharedKey} as JSON
  revoke-api-key --account <id> --api-key <k>  revoke a v4 API key
  list-accounts                                list accounts (id, created, name)

${licensingHelp}

The database is DATABASE_URL (default: the embedded SQLite file data/licensing.db).`;

const commands: Record<string, Command> = {
  "create-account": async (core, { name }) => (await createAccount(core, { name: required(name, "--name") })).id,
  "mint-token": async (core, options) => {
    const scopes = parseScopes(required(options.scopes, "--scopes"));
    const accountId = (await getAccount(core, required(options.account, "--account"))).id;
    const days = options["expires-in-days"] ? Number(options["expires-in-days"]) : undefined;
    const expiresAt = days ? new Date(core.now().getTime() + days * 86_400_000) : undefined;
    const { token } = await createAccessToken(core, { accountId, name: String(options.name ?? "admin CLI"), scopes, expiresAt });
    return token;
  },
  "create-api-key": async (core, options) => {
    const accountId = (await getAccount(core, required(options.account, "--account"))).id;
    const productIds = typeof options.products === "string" ? options.products.split(",").map((id) => id.trim()).filter(Boolean) : null;
    const name = typeof options.name === "string" ? options.name : null;
    const { id, apiKey, sharedKey } = await createApiKey(core, { accountId, name, readOnly: options["read-only"] === true, productIds });
    return JSON.stringify({ id, apiKey, sharedKey }, null, 2);
  },
  "revoke-api-key": async (core, options) => {
    await revokeApiKey(core, required(options.account, "--account"), { apiKey: required(options["api-key"], "--api-key") });
    return "revoked";
  },
  "list-accounts": async (core) =>
    (await listAccounts(core)).map((a) => `${a.id}  ${a.createdAt.toISOString()}  ${a.name}`).join("\n") || "(no accounts)",
  ...licensingCommands,
};

function parseScopes(list: string): string[] {
  if (list === "all") return [...allScopes];
  const scopes = list.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(allScopes as readonly string[]).includes(s));
  if (unknown.length) throw new UsageError(`unknown scope(s): ${unknown.join(", ")}`);
  return scopes;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      name: { type: "string" },
      account: { type: "string" },
      scopes: { type: "string" },
      "expires-in-days": { type: "string" },
      "read-only": { type: "boolean" },
      "api-key": { type: "string" },
      ...licensingOptions,
    },
  });
  const command = commands[positionals[0] ?? ""];
  if (values.help || !command) {
    console.log(help);
    return values.help ? 0 : 2;
  }
  const db = await openDatabase(loadConfig().databaseUrl);
  try {
    console.log(await command({ db, now: () => new Date() }, values));
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${help}` : `error: ${error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
