/**
 * The ONLYOFFICE adapter on a local server answering as Community Server does: `active: true`
 * reactivates a terminated user through the package's path (status endpoint, re-read, then the PUT
 * with the contacts sent back), never through the PUT's `disable: false` (HTTP 500 "The user is
 * suspended", EmployeeApi.cs:734-735).
 */
import { describe, expect, it } from "vitest";
import { type Received, serverPerTest } from "../../../test/support/server.js";
import { onlyoffice } from "../src/adapters/onlyoffice.js";
import { connect } from "../src/index.js";

const ID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const serve = serverPerTest();
const contacts = [{ type: "phone", value: "+44 20 7946 0000" }];
const person = (status: number, title = "Engineer") => ({
  count: 1,
  status: 0,
  statusCode: 200,
  response: { id: ID, firstName: "Ada", email: "ada@example.com", contacts, status, title, isVisitor: false },
});

describe("onlyoffice adapter", () => {
  it("active: true reactivates a terminated user, then applies the other fields, keeping contacts", async () => {
    let status = 2;
    let title = "Engineer";
    const server = await serve((req: Received, res) => {
      if (req.method === "PUT" && req.url === "/api/2.0/people/status/Active") status = 1;
      else if (req.method === "PUT") {
        if (status !== 1) {
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ status: 1, statusCode: 500, error: { message: "The user is suspended" } }));
          return;
        }
        title = (JSON.parse(req.body) as { title: string }).title;
      }
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(req.url.includes("status") ? { ...person(status), response: [] } : person(status, title)));
    });
    const users = connect(onlyoffice({ baseUrl: server.url, token: "tok-oo-1", maxRetries: 0 }));
    const user = await users.update(ID, { active: true, title: "CTO" });
    expect(user).toMatchObject({ active: true, title: "CTO" });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /api/2.0/people/${ID}`,
      "PUT /api/2.0/people/status/Active",
      `GET /api/2.0/people/${ID}`,
      `PUT /api/2.0/people/${ID}`,
    ]);
    expect(JSON.parse(server.received[3]?.body ?? "")).toEqual({
      isVisitor: false,
      lead: null,
      contacts: [{ Type: "phone", Value: "+44 20 7946 0000" }],
      title: "CTO",
    });
  });
});
