/** OAuth clients of the License API (client-credentials grant). */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export interface OAuthClientRow {
  id: string;
  accountId: string;
  /** The vendor's label for the client; null = none. */
  name: string | null;
  clientId: string;
  /**
   * Stored in clear, like the API keys' shared keys: offline request files are HMAC-signed with the client secret,
   * so the server must recompute that MAC.
   */
  clientSecret: string;
  revoked: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const OAuthClientEntity = new EntitySchema<OAuthClientRow>({
  name: "OAuthClient",
  tableName: "oauth_clients",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    name: col.text(256, true),
    clientId: col.text(),
    clientSecret: col.text(),
    revoked: col.bool(),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
