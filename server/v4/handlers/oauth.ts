import { DomainError } from "../../core/errors.js";
import { issueOAuthToken, oauthTokenLifetimeSeconds } from "../../core/oauth-clients.js";
import { v4Handler } from "../handler.js";

/** Token discovery (the Python SDK asks before its first token): our own token endpoint. */
export const getOAuthUrl = v4Handler<"getOAuthUrl">(async (input, context) => ({
  status: 200,
  body: { url: `${context.origin}/api/v4/oauth/token`, login_type: input.query.login_type },
}));

/** Client-credentials grant; the answer mirrors the Keycloak token response LicenseSpring's clients read. */
export const createOAuthToken = v4Handler<"createOAuthToken">(async (input, context) => {
  const token = await issueOAuthToken(context.core, input.body.client_id, input.body.client_secret);
  if (!token) throw new DomainError("INVALID_CREDENTIALS");
  return {
    status: 200,
    headers: { "Cache-Control": "no-store" },
    body: { access_token: token, expires_in: oauthTokenLifetimeSeconds, refresh_expires_in: 0, token_type: "Bearer", "not-before-policy": 0, scope: "license-api" },
  };
});

export const oauthHandlers = { getOAuthUrl, createOAuthToken };
