import assert from "node:assert/strict";
import { test } from "node:test";
import { LEASE_SUDO_PATHS, leasePaths } from "../../../src/core/expiration/paths.js";
import { InvalidRequestError, UnsupportedOperationError } from "../../../src/errors.js";
import { createBackend } from "../../../src/logical/framework.js";
import { silentLogger } from "../../../src/util/logger.js";
import { makeRequest } from "../../helpers/request.js";
import { HASH_A, harness, secret, TTLS } from "./fixtures.js";

function system() {
  const h = harness();
  const backend = createBackend({
    type: "system",
    paths: leasePaths(h.mgr, silentLogger),
    sudoPaths: [...LEASE_SUDO_PATHS],
  });
  const lease = () =>
    h.mgr.registerSecret({
      path: "db/creds/a",
      mountAccessor: "m",
      tokenHash: HASH_A,
      secret: secret(600),
      ttls: TTLS,
    });
  return { ...h, backend, lease };
}

test("sys/leases/lookup returns the lease's times; LIST lists ids under a prefix", async () => {
  const { backend, lease } = system();
  const { leaseId } = await lease();
  const res = await backend.handle(makeRequest("update", "leases/lookup", { lease_id: leaseId }));
  assert.equal(res?.data?.id, leaseId);
  assert.equal(res?.data?.ttl, 600);
  const list = await backend.handle(makeRequest("list", "leases/lookup/db/creds/a/"));
  assert.deepEqual(list?.data?.keys, [leaseId.split("/").at(-1)]);
  await assert.rejects(backend.handle(makeRequest("update", "leases/lookup", {})), {
    message: "lease_id must be specified",
  });
  await assert.rejects(backend.handle(makeRequest("update", "leases/lookup", { lease_id: "x/y" })), {
    message: "invalid lease",
  });
  await assert.rejects(backend.handle(makeRequest("read", "leases/lookup")), UnsupportedOperationError);
});

test("sys/leases/renew (body or URL id, and the legacy sys/renew) answers an already registered lease", async () => {
  const { backend, lease, backends } = system();
  const { leaseId } = await lease();
  backends.renewTTL = 900;
  const res = await backend.handle(
    makeRequest("update", "leases/renew", { lease_id: leaseId, increment: "15m" }),
  );
  assert.deepEqual(res?.secret, { ttl: 900, maxTTL: 0, renewable: true, internal: {}, leaseId });
  assert.equal(res?.data, null);
  const byUrl = await backend.handle(makeRequest("update", `renew/${leaseId}`, {}));
  assert.equal(byUrl?.secret?.leaseId, leaseId);
  await assert.rejects(
    backend.handle(makeRequest("update", "leases/renew", { lease_id: leaseId, increment: "soon" })),
    InvalidRequestError,
  );
});

test("sys/leases/revoke is 204 when done and 202 when queued; revoke-prefix and revoke-force are sudo paths", async () => {
  const { backend, lease, backends } = system();
  const a = await lease();
  assert.equal(await backend.handle(makeRequest("update", `leases/revoke/${a.leaseId}`)), null);
  const b = await lease();
  const queued = await backend.handle(makeRequest("update", "revoke", { lease_id: b.leaseId, sync: false }));
  assert.deepEqual(queued?.raw, { status: 202, body: null });
  const c = await lease();
  backends.failing.add(c.leaseId);
  await assert.rejects(
    backend.handle(makeRequest("update", "leases/revoke-prefix/db/")),
    /failed to revoke 1 of 2/,
  );
  assert.equal(await backend.handle(makeRequest("update", "revoke-force/db/creds")), null);
  assert.deepEqual(
    await backend.handle(makeRequest("list", "leases/lookup/")).then((r) => r?.data?.keys),
    [],
  );
  assert.deepEqual(backend.sudoPaths, [
    "leases/lookup/*",
    "leases/revoke-prefix/*",
    "leases/revoke-force/*",
    "revoke-prefix/*",
    "revoke-force/*",
  ]);
});

test("sys/leases/tidy answers 202 with a warning envelope", async () => {
  const { backend } = system();
  const req = makeRequest("update", "leases/tidy");
  const res = await backend.handle(req);
  assert.equal(res?.raw?.status, 202);
  const body = res?.raw?.body as { request_id: string; warnings: string[] };
  assert.equal(body.request_id, req.id);
  assert.match(body.warnings[0], /Tidy operation successfully started/);
});
