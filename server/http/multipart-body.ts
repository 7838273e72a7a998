/**
 * multipart/form-data bodies (v4 offline uploads: a `file` part), parsed with busboy into `{field: text}` like the
 * other body types, with the same size limit. The file's text reaches the handler byte for byte: offline files are
 * verified over their exact content.
 */
import Busboy from "busboy";
import type { Middleware } from "koa";
import { deferBodyFailure } from "./failures.js";

export function multipartBody(limitBytes: number): Middleware {
  return async (ctx, next) => {
    if (!ctx.is("multipart/form-data")) return next();
    const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: string };
    try {
      request.body = await readParts(ctx.req, ctx.request.headers, limitBytes);
    } catch (error) {
      deferBodyFailure(error as Error, ctx);
      return next();
    }
    // bind-operations treats a request without rawBody as bodiless.
    request.rawBody = Object.keys(request.body as object).length > 0 ? "multipart" : "";
    await next();
  };
}

function readParts(stream: NodeJS.ReadableStream, headers: Record<string, string | string[] | undefined>, limitBytes: number): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const parts: Record<string, string> = {};
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: headers as Busboy.BusboyConfig["headers"], limits: { fileSize: limitBytes, fieldSize: limitBytes, files: 4, fields: 32 } });
    } catch (error) {
      return reject(Object.assign(new Error((error as Error).message), { status: 400 }));
    }
    const tooLarge = () => reject(Object.assign(new Error("request entity too large"), { status: 413, type: "entity.too.large" }));
    parser.on("field", (name, value, info) => (info.valueTruncated ? tooLarge() : (parts[name] = value)));
    parser.on("file", (name, file) => {
      const chunks: Buffer[] = [];
      file.on("data", (chunk: Buffer) => chunks.push(chunk));
      file.on("limit", tooLarge);
      file.on("end", () => (parts[name] = Buffer.concat(chunks).toString("utf8")));
    });
    parser.on("error", (error: Error) => reject(Object.assign(error, { status: 400 })));
    parser.on("close", () => resolve(parts));
    stream.pipe(parser);
  });
}
