/**
 * `pnpm new-vendor`'s structural checks (fast, in `pnpm test`): the scaffold of a made-up vendor,
 * computed without writing anything, has the shape every vendor package shares, a spec that
 * follows the house rules, TypeScript that parses, no placeholder left, and it is registered
 * where the repo lists vendors by hand. The full check (install, generate, type-check, the new
 * package's tests against Prism and its simulator) is `pnpm test:new-vendor`
 * (scripts/new-vendor-check.ts): too slow for `pnpm test` on 2 cores.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planScaffold, vendorNames } from "./new-vendor.js";

const root = resolve(import.meta.dirname, "..");
const plan = planScaffold(root, "acme-hr", "Acme HR");
const file = (rel: string) => {
  const content = plan.created.get(rel) ?? plan.edited.get(rel);
  if (content === undefined) throw new Error(`${rel} is not in the scaffold`);
  return content;
};
type Json = Record<string, unknown>;

describe("vendorNames", () => {
  it("spells a kebab-case name for files, types, factories and env vars", () => {
    expect(vendorNames("sailpoint-nerm")).toEqual({
      name: "sailpoint-nerm",
      Title: "Sailpoint Nerm",
      Pascal: "SailpointNerm",
      camel: "sailpointNerm",
      ENV: "SAILPOINT_NERM",
    });
    expect(vendorNames("zluri", "Zluri").camel).toBe("zluri");
  });

  it.each(["", "Acme", "acme_hr", "1acme", "-acme", "acme-", "acme--hr", "../acme"])("refuses %j", (name) => {
    expect(() => vendorNames(name)).toThrow(TypeError);
  });
});

describe("pnpm new-vendor acme-hr (planned, not written)", () => {
  it("refuses a vendor that exists", () => {
    expect(() => planScaffold(root, "zluri")).toThrow("packages/zluri already exists");
  });

  it("creates the spec, the package in the shape of the others, the adapter and a changeset", () => {
    expect([...plan.created.keys()].sort()).toEqual(
      [
        ".changeset/acme-hr-client.md",
        "packages/acme-hr/README.md",
        "packages/acme-hr/package.json",
        "packages/acme-hr/src/client.ts",
        "packages/acme-hr/src/index.ts",
        "packages/acme-hr/src/mock.ts",
        "packages/acme-hr/src/quirks.ts",
        "packages/acme-hr/src/simulator.ts",
        "packages/acme-hr/src/users.ts",
        "packages/acme-hr/test/contract.contract.test.ts",
        "packages/acme-hr/test/simulator.test.ts",
        "packages/acme-hr/tsconfig.json",
        "packages/unified/src/adapters/acme-hr.ts",
        "specs/acme-hr.yaml",
      ].sort(),
    );
    // Every source file that every existing vendor package has (generated/ comes from `pnpm generate`;
    // a vendor's own extra modules, such as Snipe-IT's html.ts, are not part of the shape; nor is
    // lifecycle.ts: create/list/delete come with the evidence for the vendor's endpoints, which a
    // scaffold cannot know — a new vendor starts with get/find/update).
    const vendorSrc = (v: string) =>
      readdirSync(join(root, "packages", v, "src")).filter((f) => f !== "generated" && f !== "lifecycle.ts");
    const existing = vendorSrc("snipe-it").filter((f) =>
      ["zluri", "onlyoffice", "nexudus", "sailpoint-nerm"].every((v) => vendorSrc(v).includes(f)),
    );
    for (const f of existing) expect(plan.created.has(`packages/acme-hr/src/${f}`), f).toBe(true);
  });

  it("leaves no placeholder behind", () => {
    for (const [rel, content] of [...plan.created, ...plan.edited]) {
      expect(content.match(/__(name|Title|Pascal|camel|ENV)__/g) ?? [], rel).toEqual([]);
    }
  });

  it("writes a package.json with the exports, files and dependencies of a vendor package", () => {
    const pkg = JSON.parse(file("packages/acme-hr/package.json"));
    const model = JSON.parse(readFileSync(join(root, "packages/snipe-it/package.json"), "utf8"));
    expect(pkg.name).toBe("@userbridge/acme-hr");
    expect(pkg.repository.directory).toBe("packages/acme-hr");
    for (const key of ["type", "sideEffects", "files", "main", "module", "types", "engines", "dependencies"]) {
      expect(pkg[key], key).toEqual(model[key]);
    }
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([...Object.keys(model.exports), "./simulator"]));
    expect(pkg.exports["./simulator"]).toEqual({
      import: { types: "./dist/simulator.d.ts", default: "./dist/simulator.js" },
      require: { types: "./dist/simulator.d.cts", default: "./dist/simulator.cjs" },
    });
    expect(pkg.scripts.build).toContain("src/index.ts src/mock.ts src/simulator.ts");
  });

  it("writes TypeScript that parses", () => {
    for (const [rel, content] of [...plan.created, ...plan.edited].filter(([f]) => f.endsWith(".ts"))) {
      const out = ts.transpileModule(content, { fileName: rel, reportDiagnostics: true });
      expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")) ?? [], rel).toEqual([]);
    }
  });

  it("writes a spec that follows the house rules: getUser + updateUser, examples, x-evidence everywhere", () => {
    const spec = parse(file("specs/acme-hr.yaml")) as Json;
    const deref = (node: Json): Json => {
      let n = node;
      while (typeof n.$ref === "string") {
        n = (n.$ref as string)
          .slice(2)
          .split("/")
          .reduce<Json>((o, k) => o[k] as Json, spec);
      }
      return n;
    };
    expect(spec.openapi).toBe("3.1.0");
    expect(spec.security).toBeTruthy();
    expect(spec.servers).toBeTruthy();
    const ops = Object.values(spec.paths as Record<string, Json>).flatMap((item) =>
      ["get", "put", "post", "patch", "delete"].filter((m) => item[m]).map((m) => item[m] as Json),
    );
    expect(ops.map((op) => op.operationId).sort()).toEqual(["getUser", "updateUser"]);
    for (const op of ops) {
      expect(op["x-evidence"], String(op.operationId)).toEqual([expect.stringMatching(/.{8,}/)]);
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        const r = deref(response);
        expect(r["x-evidence"], `${op.operationId} ${status}`).toEqual([expect.stringMatching(/.{8,}/)]);
        for (const media of Object.values((r.content ?? {}) as Record<string, Json>)) {
          expect(media.schema, `${op.operationId} ${status}`).toBeTruthy();
          expect(media.example ?? media.examples, `${op.operationId} ${status}`).toBeTruthy();
        }
      }
    }
  });

  it("registers the vendor where the repo lists vendors by hand", () => {
    const unified = JSON.parse(file("packages/unified/package.json"));
    expect(unified.dependencies["@userbridge/acme-hr"]).toBe("workspace:*");
    expect(unified.exports["./acme-hr"].import.default).toBe("./dist/acme-hr.js");
    expect(Object.keys(unified.exports).at(-1)).toBe("./package.json");
    const cv = file("packages/unified/src/connect-vendor.ts");
    expect(cv).toContain(`"acme-hr": typeof import("./adapters/acme-hr.js").acmeHr;`);
    expect(cv).toContain(`"acme-hr": "acmeHr",`);
    expect(JSON.parse(file("package.json")).devDependencies["@userbridge/acme-hr"]).toBe("workspace:*");
    expect(file("README.md")).toContain("[`@userbridge/acme-hr`](packages/acme-hr)");
    expect([...plan.edited.keys()].sort()).toEqual(
      ["README.md", "package.json", "packages/unified/package.json", "packages/unified/src/connect-vendor.ts"].sort(),
    );
  });
});
