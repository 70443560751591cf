import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { globMatch } from "../../../src/auth/common/glob.js";
import { requestJSON } from "../../../src/auth/common/outbound-http.js";
import { type ClaimRules, checkTimes, getClaim } from "../../../src/auth/jwt/claims.js";

test("globs: * matches any run (also / and nothing); nothing else is special", () => {
  const yes: Array<[string, string]> = [
    ["refs/heads/*", "refs/heads/feature/x"],
    ["*", ""],
    ["app-*-prod", "app-web-prod"],
    ["a*b*c", "abc"],
    ["v1.?", "v1.?"],
  ];
  const no: Array<[string, string]> = [
    ["refs/heads/*", "refs/tags/v1"],
    ["app-*-prod", "app-prod"],
    ["a*b*c", "acb"],
    ["v1.?", "v1.2"],
    ["[ab]", "a"],
  ];
  for (const [p, v] of yes) assert.ok(globMatch(p, v), `${p} ~ ${v}`);
  for (const [p, v] of no) assert.ok(!globMatch(p, v), `${p} !~ ${v}`);
});

test("claims by JSON pointer reach nested values and never the prototype", () => {
  const claims = { "a/b": 1, nested: { "x~y": ["p", "q"] }, plain: "v" };
  assert.equal(getClaim(claims, "/a~1b"), 1);
  assert.equal(getClaim(claims, "/nested/x~0y/1"), "q");
  assert.equal(getClaim(claims, "plain"), "v");
  assert.equal(getClaim(claims, "/nested/constructor"), undefined);
  assert.equal(getClaim(claims, "__proto__"), undefined);
});

test("leeways: -1 turns a leeway off, 0 means the default", () => {
  const rules = (skew: number): ClaimRules => ({
    boundAudiences: [],
    boundSubject: "",
    boundClaims: {},
    boundClaimsType: "string",
    clockSkewLeeway: skew,
    expirationLeeway: 0,
    notBeforeLeeway: 0,
  });
  const claims = { iat: 900, exp: 1000 };
  assert.doesNotThrow(() => checkTimes(claims, 1030, rules(0)));
  assert.throws(() => checkTimes(claims, 1030, rules(-1)), /expired/);
  assert.throws(() => checkTimes(claims, 1030, rules(20)), /expired/);
});

test("outbound requests follow no redirect and give up after their timeout", async () => {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "/target" });
      res.end();
    }
    // "/hang" never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const redirected = await requestJSON({ method: "GET", url: `${base}/redirect` });
    assert.equal(redirected.status, 302);
    assert.equal(hits, 1);
    await assert.rejects(
      requestJSON({ method: "GET", url: `${base}/hang`, timeoutMs: 50 }),
      /request timed out/,
    );
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
