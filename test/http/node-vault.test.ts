import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import nodeVault from "node-vault";
import { coreResponse, startServer, type TestServer } from "./helpers.js";

describe("node-vault client against the HTTP layer", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({
      respond: (req) => {
        if (req.operation === "list" && req.path === "secret/metadata/apps/") {
          return coreResponse(req, { data: { keys: ["api", "web/"] } });
        }
        if (req.operation === "read" && req.path === "secret/data/apps/api") {
          return coreResponse(req, { data: { data: { password: "p4ss" }, metadata: { version: 3 } } });
        }
        return coreResponse(req);
      },
    });
  });
  after(() => server.close());

  it("lists with the LIST verb and reads", async () => {
    const vault = nodeVault({ endpoint: server.url, token: "hvs.test" });
    const listed = await vault.list("secret/metadata/apps");
    assert.deepEqual(listed.data.keys, ["api", "web/"]);
    const read = await vault.read("secret/data/apps/api");
    assert.deepEqual(read.data.data, { password: "p4ss" });
    const [list, get] = server.requests.slice(-2);
    assert.equal(list.operation, "list");
    assert.equal(list.clientToken, "hvs.test");
    assert.equal(get.operation, "read");
  });

  it("lists with GET ?list=1 when custom verbs are off, and sees a 404 for a missing secret", async () => {
    const vault = nodeVault({ endpoint: server.url, token: "hvs.test", noCustomHTTPVerbs: true });
    const listed = await vault.list("secret/metadata/apps");
    assert.deepEqual(listed.data.keys, ["api", "web/"]);
    await assert.rejects(vault.read("secret/data/missing"), (err: { response?: { statusCode?: number } }) => {
      assert.equal(err.response?.statusCode, 404);
      return true;
    });
  });
});
