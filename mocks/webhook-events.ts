/** The events of openapi/v3.yaml's `webhooks` section and each one's first example payload. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { dereference, type OpenApiDocument } from "../client/spec-document.js";

const specPath = fileURLToPath(new URL("../openapi/v3.yaml", import.meta.url));

export interface WebhookEventExample {
  event: string;
  summary: string;
  payload: unknown;
}

export function webhookEventExamples(document = parse(readFileSync(specPath, "utf8")) as OpenApiDocument): WebhookEventExample[] {
  const items = (document.webhooks ?? {}) as Record<string, { post: { summary?: string; description?: string; requestBody: unknown } }>;
  return Object.entries(items).map(([event, item]) => {
    const body = dereference(document, item.post.requestBody) as { content: Record<string, { examples?: Record<string, unknown> }> };
    const first = Object.values(body.content["application/json"]?.examples ?? {})[0];
    const example = dereference(document, first) as { value?: unknown } | undefined;
    if (example?.value === undefined) throw new Error(`the spec has no example payload for ${event}`);
    return { event, summary: firstSentence(item.post.description ?? ""), payload: example.value };
  });
}

function firstSentence(text: string): string {
  return text.replace(/\s+/g, " ").trim().split(/(?<=\.) /)[0]!;
}
