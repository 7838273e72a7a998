/** Building blocks of forged compact JWS/JWTs: read a payload, rewrite it under the original signature, drop the signature. */

export type Claims = Record<string, unknown>;

export const encodeSegment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export const claimsOf = (jwt: string): Claims => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());

/** The original header and signature around a rewritten payload. */
export function withClaims(jwt: string, change: (claims: Claims) => Claims): string {
  const [header, , signature] = jwt.split(".");
  return `${header}.${encodeSegment(change(claimsOf(jwt)))}.${signature}`;
}

/** An unsecured token (`alg` none in any spelling), with or without the trailing dot libraries have been fooled by. */
export function unsigned(claims: Claims, options: { alg?: string; typ?: string; trailingDot?: boolean } = {}): string {
  const header = encodeSegment({ alg: options.alg ?? "none", typ: options.typ ?? "JWT" });
  return `${header}.${encodeSegment(claims)}${options.trailingDot === false ? "" : "."}`;
}
