import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as core from "../../src/internal.js";

const {
  ApiError,
  ConflictError,
  errorClassForStatus,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  UserbridgeError,
  ValidationError,
} = core;

describe("error hierarchy", () => {
  it("maps statuses to classes as DESIGN.md says", () => {
    expect(errorClassForStatus(400)).toBe(ValidationError);
    expect(errorClassForStatus(422)).toBe(ValidationError);
    expect(errorClassForStatus(401)).toBe(core.AuthenticationError);
    expect(errorClassForStatus(403)).toBe(core.PermissionDeniedError);
    expect(errorClassForStatus(404)).toBe(NotFoundError);
    expect(errorClassForStatus(409)).toBe(ConflictError);
    expect(errorClassForStatus(412)).toBe(ConflictError);
    expect(errorClassForStatus(429)).toBe(RateLimitError);
    expect(errorClassForStatus(503)).toBe(core.ServerError);
    expect(errorClassForStatus(418)).toBe(ApiError);
  });

  it("is instanceof-safe through the chain and names itself", () => {
    const e = new NotFoundError("gone", { vendor: "v", operation: "op", status: 404 });
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(UserbridgeError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(ValidationError);
    expect(e.name).toBe("NotFoundError");
    expect({}).not.toBeInstanceOf(UserbridgeError);
  });

  it("recognises an error made by the other build (CJS vs ESM) of core", () => {
    const cjs = createRequire(import.meta.url)("../../dist/index.cjs") as typeof core;
    const fromCjs = new cjs.ValidationError("bad", { vendor: "v", operation: "op", status: 400 });
    expect(fromCjs).toBeInstanceOf(ValidationError);
    expect(fromCjs).toBeInstanceOf(UserbridgeError);
    expect(fromCjs).not.toBeInstanceOf(NotFoundError);
    const fromEsm = new ValidationError("bad", { vendor: "v", operation: "op", status: 400 });
    expect(fromEsm).toBeInstanceOf(cjs.ApiError);
  });

  it("keeps instanceof exact for subclasses defined outside core, named or not", () => {
    class Named extends InvalidInputError {}
    Named.prototype.name = "Named";
    class Unnamed extends InvalidInputError {}
    const base = new InvalidInputError([], { vendor: "v", operation: "op" });
    expect(base).not.toBeInstanceOf(Named);
    expect(base).not.toBeInstanceOf(Unnamed);
    expect(new Named([], { vendor: "v", operation: "op" })).toBeInstanceOf(InvalidInputError);
    expect(new Unnamed([], { vendor: "v", operation: "op" })).toBeInstanceOf(Unnamed);
    expect(new Unnamed([], { vendor: "v", operation: "op" })).toBeInstanceOf(UserbridgeError);
  });

  it("names every problem in an InvalidInputError message", () => {
    const e = new InvalidInputError(
      [
        { path: "email", message: "must be a valid email" },
        { path: "", message: "no field to change" },
      ],
      { vendor: "v", operation: "updateUser" },
    );
    expect(e.message).toBe("Invalid input:\n  - email: must be a valid email\n  - no field to change");
  });
});
