/** The scopes a personal access token can carry (the v3 spec's `Scope` enum). */
export const allScopes = [
  "account:read",
  "account:write",
  "activation:read",
  "license:read",
  "license:write",
  "personalAccessToken:read",
  "personalAccessToken:write",
  "product:read",
  "product:write",
  "release:read",
  "release:write",
  "trialActivation:read",
  "trialActivation:write",
  "user:read",
  "user:write",
  "webhook:read",
  "webhook:write",
] as const;

export type Scope = (typeof allScopes)[number];
