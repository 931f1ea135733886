import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkExchangesAgainstSpec,
  type ExchangeLike,
  expectConformance,
} from "../../../../test/support/spec-conformance.js";

const SPEC = `
openapi: 3.1.0
info: { title: tiny, version: "1" }
paths:
  /api/users/{id}:
    get:
      operationId: getUser
      responses:
        "200":
          $ref: "#/components/responses/User"
        "401":
          description: no token
          content:
            text/plain:
              schema: { type: string }
        "404":
          description: unknown user
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
components:
  responses:
    User:
      description: the user
      content:
        application/json:
          schema: { $ref: "#/components/schemas/User" }
  schemas:
    User:
      type: object
      required: [id, name]
      properties:
        id: { type: string }
        name: { type: string }
        email: { type: string, format: email }
        tags: { type: array, items: { type: string } }
    Error:
      type: object
      required: [error]
      properties: { error: { type: string } }
`;

const specFile = join(mkdtempSync(join(tmpdir(), "simkit-spec-")), "tiny.yaml");
writeFileSync(specFile, SPEC);

const ex = (status: number, body: unknown, contentType = "application/json"): ExchangeLike => ({
  operationId: "getUser",
  method: "GET",
  path: "/api/users/1",
  status,
  contentType,
  body,
});
const conforming = [
  ex(200, { id: "1", name: "Ada", email: "ada@example.com", tags: ["x"] }),
  ex(401, "Unauthorized", "text/plain"),
  ex(404, { error: "user not found" }),
];

describe("checkExchangesAgainstSpec", () => {
  it("passes conforming exchanges ($refs to components resolved, text checked by content type)", () => {
    expect(checkExchangesAgainstSpec(specFile, conforming)).toEqual({ checked: 3, problems: [] });
    expect(() => expectConformance(specFile, conforming)).not.toThrow();
  });

  it("reports a non-conforming body with its path", () => {
    const result = checkExchangesAgainstSpec(specFile, [
      ...conforming,
      ex(200, { id: "1", name: "Ada", email: "not-an-email", tags: ["x", 7] }),
    ]);
    expect(result.problems.map((p) => [p.kind, p.response, p.instancePath])).toEqual([
      ["invalid-body", "getUser 200", "/email"],
      ["invalid-body", "getUser 200", "/tags/1"],
    ]);
    expect(() => expectConformance(specFile, [ex(200, { id: 1 })])).toThrow(
      /getUser 200: GET \/api\/users\/1: body must have required property 'name'[\s\S]*body\/id must be string/,
    );
  });

  it("reports undocumented statuses and content types, and skips injected faults", () => {
    const result = checkExchangesAgainstSpec(specFile, [
      ...conforming,
      ex(500, { error: "x" }),
      ex(404, "<html/>", "text/html"),
      { ...ex(503, "maintenance", "text/plain"), injected: true },
    ]);
    expect(result.problems.map((p) => `${p.kind} ${p.response}`)).toEqual([
      "undocumented-status getUser 500",
      "undocumented-content-type getUser 404",
    ]);
  });

  it("reports a documented response never produced, unless listed with a reason", () => {
    const without404 = conforming.slice(0, 2);
    expect(checkExchangesAgainstSpec(specFile, without404).problems).toEqual([
      { kind: "never-produced", response: "getUser 404", message: "documented getUser 404 was never produced" },
    ]);
    expect(
      checkExchangesAgainstSpec(specFile, without404, { neverProduced: { "getUser 404": "every id exists here" } })
        .problems,
    ).toEqual([]);
    expect(
      checkExchangesAgainstSpec(specFile, conforming, { neverProduced: { "getUser 404": "stale" } }).problems,
    ).toMatchObject([{ kind: "stale-never-produced", response: "getUser 404" }]);
  });

  it("compiles every response schema of the repo's specs", () => {
    for (const vendor of ["snipe-it", "zluri", "onlyoffice", "nexudus", "sailpoint-nerm"]) {
      const file = join(import.meta.dirname, `../../../../specs/${vendor}.yaml`);
      const result = checkExchangesAgainstSpec(file, []);
      expect(result.problems.every((p) => p.kind === "never-produced")).toBe(true);
    }
  });
});
