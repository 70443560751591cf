import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { type CertWorld, startCertWorld, tlsCall, writeRole } from "./fixtures.js";

const DAY = 86_400_000;

describe("cert auth: validity over time and renewal", () => {
  const clock = new ManualClock(Date.now());
  let w: CertWorld;
  before(async () => {
    // Client certificates valid for 2 days from now; CAs for 10 years.
    w = await startCertWorld({ clock, leafDays: 2 });
    // The certificates' notBefore is when openssl made them, after the clock was created.
    clock.set(Date.now());
    await writeRole(w, "web", ["root"], { token_policies: "web", token_ttl: "1h", token_max_ttl: "30d" });
  });
  after(() => w.close());

  const login = (name = "web") =>
    tlsCall(w, "POST", "auth/cert/login", { present: ["web", "intermediate"], body: { name } });
  /** renew-self over TLS presenting the login's certificate (the token is bound to it). */
  const renew = async (token: string, present = ["web", "intermediate"]) => {
    const r = await tlsCall(w, "POST", "auth/token/renew-self", { token, present, body: {} });
    return { ...r, text: JSON.stringify(r.body) };
  };
  const config = (body: Record<string, unknown>) =>
    w.server.request("POST", "auth/cert/config", { token: w.server.rootToken, body });

  it("renews while the role and the certificate still hold, with the role's current TTL", async () => {
    const token = (await login()).body.auth.client_token;
    await writeRole(w, "web", ["root"], { token_policies: "web", token_ttl: "2h" });
    const r = await renew(token);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.auth.lease_duration, 7200);
  });

  it("a renewal must present a certificate with the login's key, unless disable_binding is set", async () => {
    const token = (await login()).body.auth.client_token;
    const bare = await w.server.request("POST", "auth/token/renew-self", { token, body: {} });
    assert.equal(bare.status, 400);
    assert.match(bare.text, /client certificate must be supplied to renew this token/);
    const other = await renew(token, ["other", "intermediate"]);
    assert.equal(other.status, 400, "another certificate of the same CA");
    assert.match(other.text, /client identity during renewal not matching/);
    const accessor = (await w.server.request("GET", "auth/token/lookup-self", { token })).body.data.accessor;
    const byAccessor = await w.server.request("POST", "auth/token/renew-accessor", {
      token: w.server.rootToken,
      body: { accessor },
    });
    assert.equal(byAccessor.status, 400, "an operator without the certificate cannot extend it either");
    assert.equal((await renew(token)).status, 200);

    assert.equal((await config({ disable_binding: true })).status, 204);
    try {
      const unbound = await w.server.request("POST", "auth/token/renew-self", { token, body: {} });
      assert.equal(unbound.status, 200, unbound.text);
    } finally {
      assert.equal((await config({ disable_binding: false })).status, 204);
    }
  });

  it("stops renewing when the role's constraints no longer match the certificate", async () => {
    const token = (await login()).body.auth.client_token;
    await writeRole(w, "web", ["root"], { allowed_common_names: "someone-else" });
    const r = await renew(token);
    assert.equal(r.status, 400);
    assert.match(r.text, /no longer matches the role/);
    await writeRole(w, "web", ["root"], { allowed_common_names: "" });
    assert.equal((await renew(token)).status, 200);
  });

  it("stops renewing when the role now trusts another CA, or its policies changed", async () => {
    const token = (await login()).body.auth.client_token;
    await writeRole(w, "web", ["rogue-ca"]);
    assert.equal((await renew(token)).status, 400);
    await writeRole(w, "web", ["root"], { token_policies: "web,more" });
    const r = await renew(token);
    assert.equal(r.status, 400);
    assert.match(r.text, /policies have changed/);
    await writeRole(w, "web", ["root"], { token_policies: "web" });
  });

  it("stops renewing once the role is deleted", async () => {
    await writeRole(w, "temp", ["root"]);
    const token = (await login("temp")).body.auth.client_token;
    await w.server.request("DELETE", "auth/cert/certs/temp", { token: w.server.rootToken });
    const r = await renew(token);
    assert.equal(r.status, 400);
    assert.match(r.text, /no longer exists/);
  });

  it("refuses an expired certificate at login and at renewal (injected clock)", async () => {
    await writeRole(w, "web", ["root"], { token_ttl: "5d" });
    const token = (await login()).body.auth.client_token;
    clock.advance(3 * DAY);
    const r = await login();
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors, [
      `failed to verify client's certificate: certificate "web.example.com" has expired or is not yet valid`,
    ]);
    const renewed = await renew(token);
    assert.equal(renewed.status, 400);
    assert.match(renewed.text, /expired/);
  });

  it("refuses a certificate that is not valid yet", async () => {
    clock.set(Date.now() - 2 * DAY);
    const r = await login();
    assert.equal(r.status, 400);
    assert.match(r.body.errors[0], /not yet valid/);
    clock.set(Date.now());
  });
});

describe("cert auth: login rate limit", () => {
  let w: CertWorld;
  before(async () => {
    w = await startCertWorld();
    await writeRole(w, "web", ["root"]);
    const r = await w.server.request("POST", "auth/cert/config/rate_limit", {
      token: w.server.rootToken,
      body: { disable: false, burst: 2, rate: 0.001 },
    });
    assert.equal(r.status, 204);
  });
  after(() => w.close());

  it("answers 429 past the burst of attempts from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await tlsCall(w, "POST", "auth/cert/login", { present: ["rogue"], body: {} })).status);
    }
    assert.deepEqual(statuses, [400, 400, 429]);
    const read = await w.server.request("GET", "auth/cert/config/rate_limit", { token: w.server.rootToken });
    assert.deepEqual(read.body.data, { rate: 0.001, burst: 2, disable: false });
  });
});
