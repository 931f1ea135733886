/**
 * `userbridge scim serve` as a separate process (the real binary), spoken to over HTTP as Okta and
 * Microsoft Entra ID speak, in front of the five simulators started here; the stored user is then
 * read at the simulator.
 * Okta: https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20
 * Entra: https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editable, patch, newUser as scimUser, userNameOf } from "../../scim/test/support.js";
import { type StartedSimulator, seedId, startSimulators } from "../src/simulators.js";
import { type VendorName, vendorNames } from "../src/vendors.js";
import { CREATES, GATEWAY_TOKEN, type GatewayProcess, q, startGatewayProcess } from "./scim-support.js";
import { FAST, runCli } from "./support.js";

/** A new person as Okta sends it (with a password where the vendor requires one to create). */
const newUser = (vendor: VendorName, tag: string) => scimUser(vendor, tag);
let sims: StartedSimulator[];
let gw: GatewayProcess;
let cwd: string;
let env: Record<string, string>;
const stored = (vendor: VendorName, id: string) =>
  JSON.stringify((sims.find((s) => s.vendor === vendor) as StartedSimulator).sim.users.get(id));

beforeAll(async () => {
  sims = await startSimulators(vendorNames, { rateLimit: false, count: 3 });
  cwd = mkdtempSync(join(tmpdir(), "userbridge-scim-"));
  env = Object.assign({}, ...sims.map((s) => s.env));
  gw = await startGatewayProcess(["--store", "memory", ...FAST], env, cwd, vendorNames);
}, 60_000);

afterAll(async () => {
  const code = await gw?.stop();
  expect(code).toBe(0); // SIGTERM: a clean stop
  await Promise.all(sims.map((s) => s.sim.stop()));
  rmSync(cwd, { recursive: true, force: true });
});

describe("userbridge scim serve", () => {
  it("prints `scim <vendor> <base-url>` per connected vendor; /health needs no token, the rest a valid one", async () => {
    expect(Object.keys(gw.bases).sort()).toEqual([...vendorNames].sort());
    for (const v of vendorNames) expect(gw.bases[v]).toBe(`${gw.origin}/scim/v2/${v}`);
    const health = await fetch(`${gw.origin}/health`);
    expect(health.status).toBe(200);
    const anonymous = await fetch(`${gw.bases.zluri}/Users?filter=${encodeURIComponent('userName eq "x"')}`);
    expect(anonymous.status).toBe(401);
    const wrong = await gw.send("zluri", "GET", q('userName eq "x"'), undefined, "not-the-gateway-token-at-all");
    expect(wrong.status).toBe(401);
    const spc = await gw.send("onlyoffice", "GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.body.patch.supported).toBe(true);
  });

  describe.each(vendorNames)("%s", (vendor) => {
    const field = editable(vendor);
    const send = (method: string, path: string, body?: unknown) => gw.send(vendor, method, path, body);

    it("Okta: userName eq → empty → POST 201 → repeated POST 409 uniqueness → PUT → PATCH replace active false", async () => {
      const person = newUser(vendor, `okta.${vendor}`);
      const absent = await send("GET", q(`userName eq "${person.userName}"`, "&startIndex=1&count=100"));
      expect(absent.status).toBe(200);
      expect(absent.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
      let id: string;
      if (CREATES[vendor]) {
        const created = await send("POST", "/Users", person);
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        id = created.body.id;
        expect(created.headers.get("location")).toBe(`${gw.bases[vendor]}/Users/${encodeURIComponent(id)}`);
        expect(stored(vendor, id)).toContain(person.emails[0]?.value);
        const again = await send("POST", "/Users", person);
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: "409",
          scimType: "uniqueness",
        });
        const now = await send("GET", q(`userName eq "${person.userName}"`, "&startIndex=1&count=100"));
        expect(now.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
      } else {
        // No create in the facade for this vendor yet: 501 with the SCIM error body (README says so).
        const created = await send("POST", "/Users", person);
        expect(created.status).toBe(501);
        expect(created.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
        // The rest of the sequence on a seeded user; a POST of someone the vendor has is 409 where it signs in by email.
        id = seedId[vendor](1);
        if (userNameOf(vendor, 1).includes("@")) {
          const dup = await send("POST", "/Users", {
            ...newUser(vendor, "user1"),
            userName: userNameOf(vendor, 1),
          });
          expect(dup.status).toBe(409);
          expect(dup.body.scimType).toBe("uniqueness");
        }
      }
      // An App Integration Wizard app: PUT of the whole user.
      const whole = (await send("GET", `/Users/${encodeURIComponent(id)}`)).body;
      delete whole.meta;
      const put = await send("PUT", `/Users/${encodeURIComponent(id)}`, { ...whole, [field.path]: `PUT ${vendor}` });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(field.read(put.body)).toBe(`PUT ${vendor}`);
      expect(stored(vendor, id)).toContain(`PUT ${vendor}`);
      // A catalogue app's deactivation.
      const before = stored(vendor, id);
      const off = await send(
        "PATCH",
        `/Users/${encodeURIComponent(id)}`,
        patch({ op: "replace", value: { active: false } }),
      );
      expect(off.status, JSON.stringify(off.body)).toBe(200);
      expect(off.body.active).toBe(false);
      expect(stored(vendor, id)).not.toBe(before); // the simulator's record changed
      const read = await send("GET", `/Users/${encodeURIComponent(id)}`);
      expect(read.body).toMatchObject({ id, active: false, [field.path]: `PUT ${vendor}` });
    });

    it('Entra: userName eq … and externalId eq … → PATCH "Replace" with "False"/"True" string booleans; inactive still found', async () => {
      const id = seedId[vendor](2);
      const userName = userNameOf(vendor, 2);
      const aadId = `aad-${vendor}-${crypto.randomUUID()}`;
      const probe = await send("GET", q(`userName eq "${crypto.randomUUID()}"`));
      expect(probe.body.totalResults).toBe(0);
      const none = await send("GET", q(`userName eq "${userName}" and externalId eq "${aadId}"`));
      expect(none.status).toBe(200);
      expect(none.body.totalResults).toBe(0);
      const linked = await send(
        "PATCH",
        `/Users/${encodeURIComponent(id)}`,
        patch(
          { op: "Add", path: "externalId", value: aadId },
          { op: "Replace", path: field.path, value: `Entra ${vendor}` },
        ),
      );
      expect(linked.status, JSON.stringify(linked.body)).toBe(200);
      expect(linked.body.externalId).toBe(aadId);
      expect(stored(vendor, id)).toContain(`Entra ${vendor}`);
      const off = await send(
        "PATCH",
        `/Users/${encodeURIComponent(id)}`,
        patch({ op: "Replace", path: "active", value: "False" }),
      );
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      const both = await send("GET", q(`userName eq "${userName}" and externalId eq "${aadId}"`));
      expect(both.body.Resources.map((u: { id: string; active: boolean }) => [u.id, u.active])).toEqual([[id, false]]);
      const on = await send(
        "PATCH",
        `/Users/${encodeURIComponent(id)}`,
        patch({ op: "Replace", path: "active", value: "True" }),
      );
      expect(on.body.active).toBe(true);
      const read = await send("GET", `/Users/${encodeURIComponent(id)}`);
      expect(read.body).toMatchObject({ id, externalId: aadId, active: true, [field.path]: `Entra ${vendor}` });
    });
  });

  it("logs one JSON line per write: time, vendor, operation, vendor id, outcome, duration, the token by index", async () => {
    const id = seedId.nexudus(3);
    await gw.send("nexudus", "PATCH", `/Users/${id}`, patch({ op: "replace", path: "displayName", value: "Logged" }));
    await new Promise((r) => setTimeout(r, 100));
    const line = gw.logs().find((l) => l.vendor === "nexudus" && l.id === id && l.operation === "patch");
    expect(line).toMatchObject({ operation: "patch", status: 200, outcome: "ok", token: 0 });
    expect(typeof line?.durationMs).toBe("number");
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
    // Reads are not logged; tokens never are.
    expect(gw.logs().every((l) => l.operation !== undefined)).toBe(true);
    expect(gw.stdout() + gw.stderr()).not.toContain(GATEWAY_TOKEN);
    for (const s of sims) expect(gw.stdout() + gw.stderr()).not.toContain(s.token);
  });
});

describe("userbridge scim serve: refusals and limits", () => {
  it("refuses to start without USERBRIDGE_SCIM_TOKENS (exit 2), and with a short token", {
    timeout: 120_000,
  }, async () => {
    const none = await runCli(["scim", "serve", "--port", "0"], { ...env, USERBRIDGE_SCIM_TOKENS: "" }, cwd);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("USERBRIDGE_SCIM_TOKENS");
    const short = await runCli(["scim", "serve", "--port", "0"], { ...env, USERBRIDGE_SCIM_TOKENS: "abc" }, cwd);
    expect(short.code).toBe(2);
    expect(short.stderr).not.toContain("abc");
  });

  it("fails closed (exit 2, one clear line) when --redis is unreachable, for scim serve and apply", {
    timeout: 120_000,
  }, async () => {
    const redis = "redis://:hunter2secret@127.0.0.1:1";
    const serve = await runCli(
      ["scim", "serve", "--port", "0", "--redis", redis],
      { ...env, USERBRIDGE_SCIM_TOKENS: GATEWAY_TOKEN },
      cwd,
    );
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1\/? is unreachable/);
    expect(serve.stderr).not.toContain("hunter2secret");
    const apply = await runCli(["apply", "nothing.csv"], { ...env, USERBRIDGE_REDIS_URL: redis }, cwd);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toMatch(/Redis at .* is unreachable/);
    expect(apply.stderr).not.toContain("hunter2secret");
  });

  it("answers 429 with Retry-After beyond --max-pending requests waiting for one vendor", {
    timeout: 90_000,
  }, async () => {
    const slow = await startSimulators(["zluri"], { rateLimit: false, count: 1, latencyMs: 400 });
    const g = await startGatewayProcess(["--store", "memory", "--max-pending", "2", ...FAST], slow[0]?.env ?? {}, cwd, [
      "zluri",
    ]);
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => g.send("zluri", "GET", q('userName eq "user1@example.com"'))),
      );
      const busy = answers.filter((a) => a.status === 429);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(busy[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2);
    } finally {
      await g.stop();
      await slow[0]?.sim.stop();
    }
  });

  it("--simulate: over the five seeded simulators, with a generated token it prints", { timeout: 90_000 }, async () => {
    const g = await startGatewayProcess(["--simulate"], { USERBRIDGE_SCIM_TOKENS: "" }, cwd, vendorNames);
    try {
      const token = /^token (\S+)$/m.exec(g.stdout())?.[1] as string;
      expect(token.length).toBeGreaterThanOrEqual(16);
      const ada = await g.send("onlyoffice", "GET", q('userName eq "ada@example.com"'), undefined, token);
      expect(ada.status).toBe(200);
      expect(ada.body.Resources[0]).toMatchObject({ id: seedId.onlyoffice(0), userName: "ada@example.com" });
      expect((await g.send("onlyoffice", "GET", "/Users/x")).status).toBe(401); // the test token is not this one
    } finally {
      expect(await g.stop("SIGINT")).toBe(0);
    }
  });

  it("--tls-cert/--tls-key: serves HTTPS", { timeout: 90_000 }, async () => {
    const cert = join(cwd, "cert.pem");
    const key = join(cwd, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const g = await startGatewayProcess(
      ["--store", "memory", "--tls-cert", cert, "--tls-key", key],
      {
        USERBRIDGE_ZLURI_URL: env.USERBRIDGE_ZLURI_URL as string,
        USERBRIDGE_ZLURI_TOKEN: env.USERBRIDGE_ZLURI_TOKEN as string,
      },
      cwd,
      ["zluri"],
    );
    try {
      expect(g.bases.zluri).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2\/zluri$/);
      const status = await new Promise<number | undefined>((resolve, reject) =>
        request(`${g.origin}/health`, { ca: readFileSync(cert) }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
          .on("error", reject)
          .end(),
      );
      expect(status).toBe(200);
    } finally {
      await g.stop();
    }
  });
});
