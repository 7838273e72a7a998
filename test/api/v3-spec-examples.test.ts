import { expect, it } from "vitest";
import { checkResponse } from "../../client/check-response.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { describeApi } from "../support/api.js";
import { exampleRequest } from "../support/example-requests.js";
import { listOperations, loadSpec } from "../support/spec.js";

const document = loadSpec("v3");
const validator = new SpecValidator(document);

describeApi("v3 server answers the spec's own example requests", (api) => {
  it.each(listOperations(document).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    "%s gets a documented answer that keeps the contract, never a 5xx",
    async (_name, op) => {
      const { url, init } = exampleRequest("v3", document, api.server.url, op);
      if (init.headers.authorization) init.headers.authorization = `Bearer ${api.admin.token}`;
      const response = await fetch(url, init);
      const body = await response.text();
      expect(response.status, body).toBeLessThan(500);
      expect(checkResponse(validator, { method: op.method, pathTemplate: op.path, status: response.status, headers: response.headers, body })).toEqual([]);
    },
  );
});
