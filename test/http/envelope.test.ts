import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { injectsDataAtTopLevel, renderResponse } from "../../src/http/envelope.js";
import type { CoreResponse } from "../../src/logical/types.js";

function res(fields: Partial<CoreResponse> = {}): CoreResponse {
  return {
    requestId: "req-1",
    leaseId: "",
    renewable: false,
    leaseDuration: 0,
    data: null,
    warnings: null,
    auth: null,
    wrapInfo: null,
    mountType: "kv",
    ...fields,
  };
}

const NOT_FOUND = { status: 404, body: '{"errors":[]}' };
const NO_CONTENT = { status: 204, body: null };

describe("renderResponse", () => {
  it("renders the full envelope with every key", () => {
    const out = renderResponse(res({ data: { a: 1 }, warnings: ["w"] }), "read", false);
    assert.equal(out.status, 200);
    assert.deepEqual(JSON.parse(out.body!), {
      request_id: "req-1",
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: { a: 1 },
      wrap_info: null,
      warnings: ["w"],
      auth: null,
      mount_type: "kv",
    });
  });

  it("answers 204 when there is nothing to say", () => {
    assert.deepEqual(renderResponse(res(), "update", false), NO_CONTENT);
    assert.deepEqual(renderResponse(res({ data: {} }), "update", false), NO_CONTENT);
    assert.deepEqual(renderResponse(res({ data: {}, warnings: [] }), "delete", false), NO_CONTENT);
    assert.deepEqual(renderResponse(res({ data: {} }), "read", false), NO_CONTENT);
  });

  it("keeps a response that has only warnings, a lease or auth (warnings [] becomes null)", () => {
    assert.equal(renderResponse(res({ warnings: ["careful"] }), "update", false).status, 200);
    assert.equal(
      renderResponse(res({ leaseId: "db/creds/x/1", leaseDuration: 60 }), "read", false).status,
      200,
    );
    const withEmptyWarnings = renderResponse(res({ data: { a: 1 }, warnings: [] }), "read", false);
    assert.equal(JSON.parse(withEmptyWarnings.body!).warnings, null);
  });

  it("answers 404 for a read or header that found nothing", () => {
    assert.deepEqual(renderResponse(res(), "read", false), NOT_FOUND);
    assert.deepEqual(renderResponse(res(), "header", false), NOT_FOUND);
  });

  it("answers 404 for a list with no data, no keys or empty keys", () => {
    assert.deepEqual(renderResponse(res(), "list", false), NOT_FOUND);
    assert.deepEqual(renderResponse(res({ data: {} }), "list", false), NOT_FOUND);
    assert.deepEqual(renderResponse(res({ data: { keys: [] } }), "list", false), NOT_FOUND);
    assert.deepEqual(renderResponse(res({ data: { keys: null, other: null } }), "list", false).status, 200);
  });

  it("passes other list data through", () => {
    const out = renderResponse(res({ data: { keys: ["a", "b/"], key_info: {} } }), "list", false);
    assert.equal(out.status, 200);
    assert.deepEqual(JSON.parse(out.body!).data.keys, ["a", "b/"]);
    assert.equal(renderResponse(res({ data: { other: 1 } }), "list", false).status, 200);
    assert.equal(renderResponse(res({ warnings: ["w"] }), "list", false).status, 200);
  });

  it("refuses list keys that are not strings", () => {
    assert.equal(renderResponse(res({ data: { keys: "a" } }), "list", false).status, 500);
    assert.equal(renderResponse(res({ data: { keys: [1] } }), "list", false).status, 500);
  });

  it("renders only wrap_info for a wrapped response", () => {
    const wrapInfo = {
      token: "hvs.w",
      accessor: "acc",
      ttl: 300,
      creation_time: "2026-01-01T00:00:00Z",
      creation_path: "secret/data/a",
    };
    const out = renderResponse(res({ data: { secret: "x" }, wrapInfo, leaseId: "l" }), "list", false);
    assert.deepEqual(JSON.parse(out.body!), {
      request_id: "",
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: null,
      wrap_info: wrapInfo,
      warnings: null,
      auth: null,
      mount_type: "",
    });
  });

  it("sends raw responses as they are", () => {
    assert.deepEqual(renderResponse(res({ raw: { status: 503, body: { sealed: true } } }), "read", false), {
      status: 503,
      body: '{"sealed":true}',
    });
    assert.deepEqual(renderResponse(res({ raw: { status: 204, body: {} } }), "update", false), NO_CONTENT);
  });

  it("answers help with the data alone", () => {
    assert.deepEqual(renderResponse(res({ data: { help: "h" } }), "help", false), {
      status: 200,
      body: '{"help":"h"}',
    });
  });

  it("copies data keys to the top level when asked, envelope keys winning", () => {
    const out = renderResponse(res({ data: { keys: ["root"], request_id: "spoof" } }), "read", true);
    const body = JSON.parse(out.body!);
    assert.deepEqual(body.keys, ["root"]);
    assert.equal(body.request_id, "req-1");
    assert.deepEqual(body.data, { keys: ["root"], request_id: "spoof" });
  });
});

describe("injectsDataAtTopLevel", () => {
  it("matches Vault's legacy routes", () => {
    for (const path of [
      "sys/mounts",
      "sys/mounts/secret",
      "sys/mounts/secret/tune",
      "sys/policy",
      "sys/policy/admin",
      "sys/auth",
      "sys/auth/userpass",
      "sys/audit",
      "sys/audit-hash/file",
      "sys/capabilities-self",
      "sys/config/auditing/request-headers",
      "sys/config/auditing/request-headers/x",
      "sys/wrapping/wrap",
      "sys/key-status",
    ]) {
      assert.equal(injectsDataAtTopLevel(path), true, path);
    }
    for (const path of [
      "sys/policies/acl/admin",
      "sys/leases/lookup",
      "sys/internal/ui/mounts",
      "sys/mountsx",
      "sys/audit-hash",
      "sys/capabilities/x",
      "secret/sys/mounts",
      "sys/wrapping/unwrap",
    ]) {
      assert.equal(injectsDataAtTopLevel(path), false, path);
    }
  });
});
