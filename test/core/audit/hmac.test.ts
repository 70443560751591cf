import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { EntrySerializer } from "../../../src/core/audit/entry-serializer.js";
import { hashEntry, NO_EXEMPT_KEYS } from "../../../src/core/audit/hash-entry.js";
import { AuditHasher, isRFC3339 } from "../../../src/core/audit/hmac.js";
import type { AuditEntry } from "../../../src/core/audit/types.js";

const salt = "9c1d0b0a-1111-4b7e-8a55-0c6c2c2f7d11";
const h = new AuditHasher(salt);
const expected = (s: string) => `hmac-sha256:${createHmac("sha256", salt).update(s).digest("hex")}`;

describe("audit HMAC", () => {
  it("is Vault's: hmac-sha256 hex keyed by the salt string", () => {
    assert.equal(h.hash("hunter2"), expected("hunter2"));
  });

  it("walks every string, keeps keys, numbers, booleans, null and RFC3339 times", () => {
    const out = h.walk(
      {
        password: "p",
        empty: "",
        n: 3,
        ok: true,
        none: null,
        list: ["a", { deep: "b" }],
        created_time: "2024-05-01T10:00:00.123456789Z",
        offset_time: "2024-05-01T10:00:00+02:00",
        not_time: "2024-13-01T10:00:00Z",
      },
      new Set(),
    );
    assert.deepEqual(out, {
      password: expected("p"),
      empty: expected(""),
      n: 3,
      ok: true,
      none: null,
      list: [expected("a"), { deep: expected("b") }],
      created_time: "2024-05-01T10:00:00.123456789Z",
      offset_time: "2024-05-01T10:00:00+02:00",
      not_time: expected("2024-13-01T10:00:00Z"),
    });
  });

  it("leaves values under exempt keys (at any depth) readable", () => {
    const out = h.walk({ data: { user: "alice", password: "p", meta: { user: "x" } } }, new Set(["user"]));
    assert.deepEqual(out, { data: { user: "alice", password: expected("p"), meta: { user: "x" } } });
  });

  it("RFC3339 as Go parses it", () => {
    assert.equal(isRFC3339("2024-02-29T00:00:00Z"), true);
    assert.equal(isRFC3339("2023-02-29T00:00:00Z"), false);
    assert.equal(isRFC3339("2024-02-01 00:00:00Z"), false);
    assert.equal(isRFC3339("2024-02-01T00:00:00"), false);
    assert.equal(isRFC3339("2024-02-01T24:00:00Z"), false);
  });
});

describe("an entry as a device writes it", () => {
  const plain: AuditEntry = {
    time: "2026-01-01T00:00:00.000Z",
    type: "response",
    auth: { client_token: "hvs.tok", accessor: "acc1", display_name: "token", policies: ["default"] },
    request: {
      id: "req-1",
      operation: "list",
      client_token: "hvs.tok",
      client_token_accessor: "acc1",
      namespace: { id: "root" },
      path: "secret/metadata/",
      data: { list: "true" },
    },
    response: {
      data: { keys: ["a", "b", "c"], key_info: { a: {}, b: {} } },
      auth: { client_token: "hvs.new", accessor: "acc2" },
      wrap_info: { token: "hvs.wrap", accessor: "acc3", ttl: 60, creation_time: "", creation_path: "x" },
    },
  };
  const settings = { logRaw: false, hmacAccessor: true, elideListResponses: false };

  it("hashes tokens and accessors, never paths, ids or display names", () => {
    const out = hashEntry(plain, h, settings, NO_EXEMPT_KEYS);
    assert.equal(out.auth?.client_token, expected("hvs.tok"));
    assert.equal(out.auth?.accessor, expected("acc1"));
    assert.equal(out.auth?.display_name, "token");
    assert.equal(out.request.client_token, expected("hvs.tok"));
    assert.equal(out.request.client_token_accessor, expected("acc1"));
    assert.equal(out.request.path, "secret/metadata/");
    assert.equal(out.request.id, "req-1");
    assert.equal(out.response?.auth?.client_token, expected("hvs.new"));
    assert.equal(out.response?.wrap_info?.token, expected("hvs.wrap"));
    assert.equal(out.response?.wrap_info?.accessor, expected("acc3"));
    assert.ok(!JSON.stringify(out).includes("hvs."));
    // The plain entry is not modified (other devices hash it with their own salt).
    assert.equal(plain.auth?.client_token, "hvs.tok");
  });

  it("hmac_accessor=false leaves accessors readable; tokens stay hashed", () => {
    const out = hashEntry(plain, h, { ...settings, hmacAccessor: false }, NO_EXEMPT_KEYS);
    assert.equal(out.auth?.accessor, "acc1");
    assert.equal(out.response?.wrap_info?.accessor, "acc3");
    assert.equal(out.auth?.client_token, expected("hvs.tok"));
  });

  it("log_raw writes everything as it is", () => {
    const out = hashEntry(plain, h, { ...settings, logRaw: true }, NO_EXEMPT_KEYS);
    assert.equal(out.auth?.client_token, "hvs.tok");
    assert.deepEqual(out.response?.data?.keys, ["a", "b", "c"]);
  });

  it("elide_list_responses turns keys and key_info into counts", () => {
    const out = hashEntry(plain, h, { ...settings, elideListResponses: true }, NO_EXEMPT_KEYS);
    assert.equal(out.response?.data?.keys, 3);
    assert.equal(out.response?.data?.key_info, 2);
  });

  it("the caching serializer writes exactly what hashEntry gives, line after line", () => {
    for (const variant of [settings, { ...settings, logRaw: true }, { ...settings, hmacAccessor: false }]) {
      const serializer = new EntrySerializer(h, variant);
      const request: AuditEntry = {
        ...plain,
        type: "request",
        response: undefined,
        error: "permission denied",
      };
      delete request.response;
      for (const entry of [request, plain, plain]) {
        assert.equal(
          serializer.serialize(entry, NO_EXEMPT_KEYS),
          JSON.stringify(hashEntry(entry, h, variant, NO_EXEMPT_KEYS)),
        );
      }
    }
  });
});
