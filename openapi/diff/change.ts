/** One classified difference between two versions of a spec. */

export type Severity = "breaking" | "non-breaking";

/**
 * Which way a schema travels: clients send `request` schemas and read `response` schemas. Webhook payloads are
 * sent by the server, so their bodies are read like responses.
 */
export type Side = "request" | "response";

export interface Change {
  severity: Severity;
  /** Where in the contract, e.g. `POST /v3/licenses request body application/json .type`. */
  where: string;
  what: string;
}

/**
 * Narrowing what is accepted breaks clients that send it; widening what is sent breaks clients that read it
 * (an exhaustive switch over an enum, a parser for one type).
 */
export function severityOf(side: Side, narrowed: boolean, widened: boolean): Severity {
  return (side === "request" && narrowed) || (side === "response" && widened) ? "breaking" : "non-breaking";
}

export function opposite(side: Side): Side {
  return side === "request" ? "response" : "request";
}
