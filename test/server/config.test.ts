import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../src/errors.js";
import { parseServerConfig } from "../../src/server/config.js";

test("reads a Vault-style HCL config", () => {
  const c = parseServerConfig(`
    ui = true
    api_addr = "https://cofre.example.com:8200"
    default_lease_ttl = "1h"
    max_lease_ttl = "24h"
    log_level = "Warn"
    disable_mlock = true
    storage "sqlite" { path = "/var/lib/cofre/data.db" }
    listener "tcp" {
      address = "0.0.0.0:8200"
      tls_cert_file = "/etc/cofre/cert.pem"
      tls_key_file = "/etc/cofre/key.pem"
    }
    listener "tcp" { address = "127.0.0.1:8300" tls_disable = true }
    telemetry { statsite_address = "x" }
  `);
  assert.deepEqual(c.storage, { type: "sqlite", options: { path: "/var/lib/cofre/data.db" } });
  assert.equal(c.listeners.length, 2);
  assert.deepEqual(c.listeners[1], { address: "127.0.0.1:8300", tlsDisable: true });
  assert.equal(c.listeners[0].tlsCertFile, "/etc/cofre/cert.pem");
  assert.equal(c.defaultLeaseTTL, 3600);
  assert.equal(c.maxLeaseTTL, 86400);
  assert.equal(c.logLevel, "warn");
  assert.equal(c.ui, true);
  assert.deepEqual(c.warnings, ['unknown config key "telemetry" ignored']);
});

test("accepts JSON, the legacy backend key, inmem storage and defaults", () => {
  const c = parseServerConfig(
    JSON.stringify({
      backend: { inmem: {} },
      listener: [{ tcp: { address: "127.0.0.1:0", tls_disable: "true" } }],
    }),
  );
  assert.equal(c.storage.type, "inmem");
  assert.equal(c.listeners[0].tlsDisable, true);
  assert.equal(c.defaultLeaseTTL, 768 * 3600);
  assert.equal(c.logLevel, "info");
});

test("rejects configs that cannot work, with a clear message", () => {
  const cases: Array<[string, RegExp]> = [
    [`listener "tcp" { tls_disable = true }`, /storage block is required/],
    [`storage "inmem" {}`, /listener/],
    [`storage "inmem" {}\nlistener "tcp" {}`, /tls_cert_file/],
    [`storage "inmem" {}\nlistener "unix" {}`, /unsupported listener/],
    [`storage "inmem" {}\nlistener "tcp" { tls_disable = 1 }\nlog_level = "loud"`, /log_level/],
    [
      `storage "inmem" {}\nlistener "tcp" { tls_disable = 1 }\ndefault_lease_ttl = "2h"\nmax_lease_ttl = "1h"`,
      /greater/,
    ],
    [`storage "inmem" {`, /line/],
  ];
  for (const [text, msg] of cases)
    assert.throws(
      () => parseServerConfig(text),
      (e: unknown) => e instanceof InvalidRequestError && msg.test(e.message),
    );
});
