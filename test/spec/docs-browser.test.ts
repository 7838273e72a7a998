/**
 * The HTML references as a reader sees them: headless Chromium opens dist/docs/<version>.html from `npm run docs`
 * over a local web server, finds every operation of the spec in the menu under its tag, follows it and sees it
 * rendered, with no console error on the way, and leaves a screenshot in reports/.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../support/browser.js";
import { buildDist } from "../support/dist.js";
import { listOperations, loadSpec, repoRoot, versions, type OperationRef, type SpecVersion } from "../support/spec.js";

/**
 * Redoc's attribution logo is the page's one outside request. This machine has no Internet, so the test answers it
 * with a blank image (else its failed load is a console error here only); any other outside request fails the test.
 */
const redocLogo = /^https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg$/;
const blankSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

/** Serves the one HTML file at `/docs/<version>.html`; Redoc routes with the URL fragment, so nothing else is needed. */
async function serveReference(file: string, version: SpecVersion): Promise<{ url: string; server: Server }> {
  const html = readFileSync(file);
  const server = createServer((request, response) => {
    if (request.url !== `/docs/${version}.html`) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/${version}.html`, server };
}

/** Everything the page logs as an error, throws, or fetches from outside (Redoc's logo aside), from now on. */
async function watchProblems(page: Page, origin: string): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.route(
    (url) => url.origin !== origin,
    (route) => {
      if (redocLogo.test(route.request().url())) return route.fulfill({ contentType: "image/svg+xml", body: blankSvg });
      problems.push(`outside request: ${route.request().url()}`);
      return route.abort();
    },
  );
  return problems;
}

/**
 * The menu's tag and operation entries as `label → fragment` (the intro's sections aside: one is also called
 * Webhooks). An operation's label is its summary followed by its method.
 */
async function menuLinks(page: Page): Promise<Map<string, string>> {
  const links = await page.$$eval('[data-component-name="Menu/MenuItem"] a[href]', (anchors) =>
    anchors.map((a) => [a.textContent ?? "", (a.getAttribute("href") ?? "").replace(/^#?\//, "")] as const),
  );
  return new Map(links.filter(([, fragment]) => fragment !== "" && !fragment.startsWith("section/")));
}

/**
 * Opens the page of the operation's tag, follows the menu entry labelled with the operation's summary and waits for
 * the operation to render. Returns what went wrong, if anything.
 */
async function findOperation(page: Page, url: string, tags: Map<string, string>, { method, operation }: OperationRef): Promise<string | undefined> {
  const tag = tags.get(operation.tags[0]);
  if (tag === undefined) return `${operation.operationId}: no menu entry for tag ${operation.tags[0]}`;
  await page.goto(`${url}#/${tag}`);
  await page.waitForSelector(`[id="${tag}"]`);
  const fragment = (await menuLinks(page)).get(`${operation.summary}${method}`);
  if (fragment === undefined) return `${operation.operationId}: "${operation.summary}" is not in the menu under ${operation.tags[0]}`;
  await page.goto(`${url}#/${fragment}`);
  const rendered = await page.waitForSelector(`[id="${fragment}"]`, { state: "attached" });
  return (await rendered.innerText()).includes(operation.summary) ? undefined : `${operation.operationId}: rendered without its summary`;
}

describe.skipIf(!chromiumAvailable())("the HTML references in Chromium", () => {
  let dist: string;
  let browser: Browser;
  beforeAll(async () => {
    dist = buildDist(["docs"]);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  describe.each(versions)("%s", (version) => {
    const spec = loadSpec(version);
    const operations = [...listOperations(spec), ...listOperations(spec, "webhooks")];
    let reference: { url: string; server: Server };
    beforeAll(async () => {
      reference = await serveReference(`${dist}/docs/${version}.html`, version);
    });
    afterAll(() => reference?.server.close());

    it("shows every operation under its tag's menu entry, without a console error", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems = await watchProblems(page, new URL(reference.url).origin);
      await page.goto(reference.url);
      const tags = await menuLinks(page);

      const missing: string[] = [];
      for (const operation of operations) {
        const problem = await findOperation(page, reference.url, tags, operation);
        if (problem) missing.push(problem);
      }
      expect(missing).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });

    it("notices an operation the page lacks, and a console error", async () => {
      const page = await browser.newPage();
      const problems = await watchProblems(page, new URL(reference.url).origin);
      await page.goto(reference.url);
      const [real] = operations;
      const ghost = { ...real!, operation: { ...real!.operation, operationId: "ghostOperation", summary: "An operation the spec never had" } };
      expect(await findOperation(page, reference.url, await menuLinks(page), ghost)).toMatch(/^ghostOperation: "An operation the spec never had" is not in the menu/);
      await page.evaluate(() => console.error("a failure"));
      expect(problems).toEqual(["console: a failure"]);
      await page.close();
    });

    it("shows the first operation on screen (screenshot in reports/)", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const [first] = operations;
      await page.goto(reference.url);
      const tag = (await menuLinks(page)).get(first!.operation.tags[0])!;
      await page.goto(`${reference.url}#/${tag}`);
      const heading = page.getByRole("heading", { name: first!.operation.summary }).first();
      await heading.scrollIntoViewIfNeeded();
      await expect.poll(() => heading.isVisible()).toBe(true);
      mkdirSync(`${repoRoot}/reports`, { recursive: true });
      const path = `${repoRoot}/reports/docs-${version}.png`;
      await page.screenshot({ path });
      expect(statSync(path).size).toBeGreaterThan(20_000);
      await page.close();
    });
  });
});
