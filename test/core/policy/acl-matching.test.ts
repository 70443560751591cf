import assert from "node:assert/strict";
import { test } from "node:test";
import { ACL } from "../../../src/core/policy/acl.js";
import { parsePolicy } from "../../../src/core/policy/parse.js";
import { InvalidRequestError } from "../../../src/errors.js";
import { aclOf, allows } from "./helpers.js";

const stanza = (path: string, caps: string[]) =>
  `path "${path}" { capabilities = ${JSON.stringify(caps)} }\n`;

test("4.4: secret/* beats secret/+/+/foo/* (same first position, both globs, fewer +)", () => {
  const acl = aclOf([stanza("secret/*", ["read"]) + stanza("secret/+/+/foo/*", ["update"])]);
  assert.deepEqual(acl.capabilities("secret/a/b/foo/x"), ["read"]);
  assert.equal(allows(acl, "update", "secret/a/b/foo/x"), false);
});

test("4.4: for secret/foo/x, secret/foo/* beats secret/*", () => {
  const acl = aclOf([stanza("secret/*", ["read"]), stanza("secret/foo/*", ["update"])]);
  assert.deepEqual(acl.capabilities("secret/foo/x"), ["update"]);
  assert.deepEqual(acl.capabilities("secret/bar/x"), ["read"]);
  // Also when + rules are present, so the ranking (not just the longest glob) decides.
  const withPlus = aclOf([
    stanza("secret/*", ["read"]) + stanza("secret/foo/*", ["update"]) + stanza("secret/+/y", ["list"]),
  ]);
  assert.deepEqual(withPlus.capabilities("secret/foo/x"), ["update"]);
  assert.deepEqual(withPlus.capabilities("secret/foo/y"), ["update"]);
  assert.deepEqual(withPlus.capabilities("secret/bar/y"), ["list"]);
});

test("4.4: for secret/ab/x, secret/a* (first at 8) beats secret/+/x (7)", () => {
  const acl = aclOf([stanza("secret/a*", ["read"]) + stanza("secret/+/x", ["list"])]);
  assert.deepEqual(acl.capabilities("secret/ab/x"), ["read"]);
  assert.deepEqual(acl.capabilities("secret/zz/x"), ["list"]);
});

test("4.4: for secret/a/x, secret/+/x beats secret/+/*", () => {
  const acl = aclOf([stanza("secret/+/*", ["read"]), stanza("secret/+/x", ["list"])]);
  assert.deepEqual(acl.capabilities("secret/a/x"), ["list"]);
  assert.deepEqual(acl.capabilities("secret/a/y"), ["read"]);
  assert.deepEqual(acl.capabilities("secret/a/x/deeper"), ["read"]);
});

test("4.4 priority: more + ranks lower; then the longer pattern wins; lexical order breaks ties", () => {
  const acl = aclOf([stanza("a/+/+/c", ["read"]) + stanza("a/+/b/c", ["update"])]);
  assert.deepEqual(acl.capabilities("a/x/b/c"), ["update"]);
  assert.deepEqual(acl.capabilities("a/x/y/c"), ["read"]);
  const byLength = aclOf([stanza("foo/+/bar/b*", ["read"]) + stanza("foo/+/bar/ba*", ["update"])]);
  assert.deepEqual(byLength.capabilities("foo/x/bar/baz"), ["update"]);
  assert.deepEqual(byLength.capabilities("foo/x/bar/bz"), ["read"]);
  const laterFirst = aclOf([stanza("k/+/y", ["read"]) + stanza("k/x/+", ["update"])]);
  assert.deepEqual(laterFirst.capabilities("k/x/y"), ["update"], "k/x/+ has its first + later");
  const three = aclOf([stanza("t/+/b", ["read"]) + stanza("t/+/+", ["update"]) + stanza("t/a/+", ["list"])]);
  assert.deepEqual(three.capabilities("t/a/b"), ["list"]);
  assert.deepEqual(three.capabilities("t/z/b"), ["read"]);
  const lexical = aclOf([stanza("x/+/+/z", ["read"]), stanza("x/+/y/+", ["update"])]);
  assert.deepEqual(lexical.capabilities("x/q/y/z"), ["update"], "the lexically greater pattern ranks higher");
});

test("4.3 patterns: * is a string prefix, + is exactly one segment, + rules may end in *", () => {
  const acl = aclOf([
    stanza("secret/zip-*", ["read"]) + stanza("team/+/teamb", ["list"]) + stanza("app/+/cfg*", ["update"]),
  ]);
  assert.equal(allows(acl, "read", "secret/zip-zap/x"), true);
  assert.equal(allows(acl, "read", "secret/zip-"), true);
  assert.equal(allows(acl, "read", "secret/zip"), false);
  assert.equal(allows(acl, "list", "team/a/teamb"), true);
  assert.equal(allows(acl, "list", "team/a/b/teamb"), false);
  assert.equal(allows(acl, "list", "team/teamb"), false);
  assert.equal(allows(acl, "list", "team/a/teamb/x"), false);
  assert.equal(allows(acl, "update", "app/x/cfg"), true);
  assert.equal(allows(acl, "update", "app/x/cfg-2/deep"), true);
  assert.equal(allows(acl, "update", "app/x/other"), false);
  const rootPlus = aclOf([stanza("+/data/*", ["read"]), stanza("+", ["list"])]);
  assert.equal(allows(rootPlus, "read", "kv/data/a"), true);
  assert.equal(allows(rootPlus, "list", "kv"), true);
  assert.equal(allows(rootPlus, "list", "kv/x"), false);
});

test("an exact rule wins over every glob and + rule", () => {
  const acl = aclOf([
    stanza("secret/foo", ["read"]) + stanza("secret/foo*", ["deny"]) + stanza("secret/+", ["update"]),
  ]);
  assert.deepEqual(acl.capabilities("secret/foo"), ["read"]);
  assert.deepEqual(acl.capabilities("secret/foobar"), ["deny"]);
  assert.equal(allows(acl, "read", "/secret/foo"), true, "leading slashes are ignored");
});

test("deny wins: across policies on one path, and through the winning rule", () => {
  const acl = aclOf([stanza("secret/*", ["read", "list", "sudo"]), stanza("secret/*", ["deny"])]);
  assert.equal(allows(acl, "read", "secret/x"), false);
  assert.deepEqual(acl.capabilities("secret/x"), ["deny"]);
  const r = acl.check({ operation: "read", path: "secret/x", rootProtected: true });
  assert.deepEqual([r.allowed, r.sudo, r.reason], [false, false, "an explicit deny applies to this path"]);
  const exactDeny = aclOf([stanza("secret/*", ["read"]), stanza("secret/admin", ["deny"])]);
  assert.equal(allows(exactDeny, "read", "secret/admin"), false);
  assert.equal(allows(exactDeny, "read", "secret/admins"), true);
  const denyFirst = aclOf([stanza("x", ["deny"]), stanza("x", ["read"])]);
  assert.equal(allows(denyFirst, "read", "x"), false);
});

test("identical path strings merge; different strings never do", () => {
  const acl = aclOf([
    stanza("secret/x", ["read"]),
    stanza("secret/x", ["update"]) + stanza("secret/x", ["delete"]),
  ]);
  assert.deepEqual(acl.capabilities("secret/x"), ["delete", "read", "update"]);
  assert.deepEqual(acl.check({ operation: "read", path: "secret/x" }).grantingPolicies, ["p0"]);
  assert.deepEqual(acl.check({ operation: "update", path: "secret/x" }).grantingPolicies, ["p1"]);
  const separate = aclOf([stanza("secret/*", ["read"]), stanza("secret/x*", ["update"])]);
  assert.deepEqual(separate.capabilities("secret/xy"), ["update"]);
  const both = aclOf([stanza("s/*", ["read"]), stanza("s/*", ["read", "list"])]);
  assert.deepEqual(both.check({ operation: "read", path: "s/a" }).grantingPolicies, ["p0", "p1"]);
});

test("LIST: an exact rule without the trailing slash applies", () => {
  const acl = aclOf([stanza("secret/metadata/app", ["list"])]);
  assert.equal(allows(acl, "list", "secret/metadata/app/"), true);
  assert.equal(allows(acl, "read", "secret/metadata/app/"), false);
  const plus = aclOf([stanza("secret/+/app", ["list"])]);
  assert.equal(allows(plus, "list", "secret/metadata/app/"), true);
  const glob = aclOf([stanza("secret/metadata/ap*", ["list"])]);
  assert.equal(allows(glob, "list", "secret/metadata/app/"), true);
});

test("LIST with a trailing slash: a more specific deny is not bypassed by a broader grant", () => {
  const acl = aclOf([stanza("kv/*", ["list", "read"]), stanza("kv/private/*", ["deny"])]);
  assert.equal(allows(acl, "list", "kv/private/"), false);
  assert.deepEqual(acl.capabilities("kv/private/"), ["deny"]);
  assert.equal(allows(acl, "list", "kv/public/"), true);
  const plusDeny = aclOf([stanza("kv/*", ["list"]), stanza("kv/+/private", ["deny"])]);
  assert.equal(allows(plusDeny, "list", "kv/x/private/"), false);
  // A broader deny does not hide a more specific grant.
  const narrowGrant = aclOf([stanza("kv/*", ["deny"]), stanza("kv/team/*", ["list"])]);
  assert.equal(allows(narrowGrant, "list", "kv/team/"), true);
  assert.equal(allows(narrowGrant, "list", "kv/other/"), false);
  // A deny exactly as specific as the winning grant (they differ only lexically) refuses a LIST,
  // although the lexical tie-break alone would pick the grant (as it does for the read).
  const tie = aclOf([stanza("a/+/+/dd", ["deny"]), stanza("a/+/dd/+", ["read", "list"])]);
  assert.equal(allows(tie, "read", "a/x/dd/dd"), true);
  assert.equal(allows(tie, "list", "a/x/dd/dd/"), false);
});

test("operations map to capabilities; help is always allowed", () => {
  const acl = aclOf([stanza("a", ["update"]) + stanza("b", ["read"]) + stanza("c", ["patch", "create"])]);
  for (const op of ["update", "renew", "revoke", "rollback"] as const)
    assert.equal(allows(acl, op, "a"), true, op);
  for (const op of ["read", "create", "delete", "list", "patch"] as const)
    assert.equal(allows(acl, op, "a"), false, op);
  assert.equal(allows(acl, "header", "b"), true);
  assert.equal(allows(acl, "patch", "c"), true);
  assert.equal(allows(acl, "create", "c"), true);
  assert.equal(allows(acl, "update", "c"), false);
  assert.equal(allows(acl, "help", "nowhere"), true);
  assert.equal(allows(acl, "help", "nowhere", { rootProtected: true }), true);
  const none = acl.check({ operation: "read", path: "nowhere" });
  assert.deepEqual(none, {
    allowed: false,
    isRoot: false,
    sudo: false,
    capabilities: ["deny"],
    grantingPolicies: [],
    reason: "no policy grants access to this path",
  });
});

test("sudo is required on root-protected paths and reported", () => {
  const acl = aclOf([stanza("sys/audit", ["read", "sudo"]) + stanza("sys/mounts", ["read"])]);
  const ok = acl.check({ operation: "read", path: "sys/audit", rootProtected: true });
  assert.deepEqual([ok.allowed, ok.sudo], [true, true]);
  const no = acl.check({ operation: "read", path: "sys/mounts", rootProtected: true });
  assert.deepEqual(
    [no.allowed, no.sudo, no.reason],
    [false, false, 'this path requires the "sudo" capability'],
  );
  assert.equal(allows(acl, "read", "sys/mounts"), true);
  // sudo alone grants no operation.
  assert.equal(allows(aclOf([stanza("x", ["sudo"])]), "read", "x", { rootProtected: true }), false);
});

test("a stanza with no capabilities shadows broader grants", () => {
  const acl = aclOf([`${stanza("secret/*", ["read"])}path "secret/hidden/*" {}\n`]);
  assert.equal(allows(acl, "read", "secret/hidden/x"), false);
  assert.deepEqual(acl.capabilities("secret/hidden/x"), ["deny"]);
});

test("root allows everything; root cannot be combined", () => {
  const root = ACL.compile([parsePolicy("root", "")]);
  assert.deepEqual(root.check({ operation: "delete", path: "sys/anything", rootProtected: true }), {
    allowed: true,
    isRoot: true,
    sudo: true,
    capabilities: ["root"],
    grantingPolicies: ["root"],
  });
  assert.deepEqual(root.capabilities("x"), ["root"]);
  assert.equal(root.hasAnyAccessUnder("whatever/"), true);
  assert.throws(
    () => ACL.compile([parsePolicy("root", ""), parsePolicy("default", "")]),
    InvalidRequestError,
  );
  assert.equal(allows(ACL.compile([]), "read", "x"), false);
});

test("capabilities() is sorted, deny for nothing, and uses list semantics for a trailing slash", () => {
  const acl = aclOf([
    stanza("secret/data/*", ["update", "read", "create", "sudo", "list", "delete", "patch"]),
  ]);
  assert.deepEqual(acl.capabilities("secret/data/a"), [
    "create",
    "delete",
    "list",
    "patch",
    "read",
    "sudo",
    "update",
  ]);
  assert.deepEqual(acl.capabilities("secret/metadata/a"), ["deny"]);
  const dir = aclOf([stanza("secret/metadata/app", ["list"])]);
  assert.deepEqual(dir.capabilities("secret/metadata/app/"), ["list"]);
});

test("hasAnyAccessUnder: the mount path itself, or any rule beneath it", () => {
  const under = (docs: string[], path: string) => aclOf(docs).hasAnyAccessUnder(path);
  assert.equal(under([stanza("secret/data/app/*", ["read"])], "secret/"), true);
  assert.equal(under([stanza("secret/data/app/*", ["read"])], "kv/"), false);
  assert.equal(under([stanza("secret/data/app", ["read"])], "secret"), true);
  assert.equal(under([stanza("secret/+/app", ["read"])], "secret/"), true);
  assert.equal(under([stanza("secret/+/app", ["read"])], "other/"), false);
  assert.equal(under([stanza("+/data/*", ["read"])], "kv/"), true);
  assert.equal(under([stanza("auth/+/login*", ["update"])], "auth/userpass/"), true);
  assert.equal(under([stanza("secret", ["read"])], "secret/"), true);
  assert.equal(under([stanza("sec*", ["read"])], "secret/"), true);
  assert.equal(under([stanza("secret/*", ["deny"])], "secret/"), false);
  assert.equal(under([stanza("secret/+/x", ["deny"])], "secret/"), false);
  assert.equal(under(['path "secret/x" {}'], "secret/"), false);
  assert.equal(under([stanza("a/+/c*", ["read"])], "a/b/c/d/"), true);
  assert.equal(under([stanza("a/+/c", ["read"])], "a/b/c/d/"), false);
});

test("sanity at scale: 100 policies x 20 paths, 10k checks, right answers", () => {
  const docs: string[] = [];
  for (let p = 0; p < 100; p++) {
    let doc = "";
    for (let i = 0; i < 20; i++) {
      const kind = i % 4;
      const path =
        kind === 0
          ? `secret/data/team${p}/app${i}`
          : kind === 1
            ? `secret/data/team${p}/dir${i}/*`
            : kind === 2
              ? `kv/+/team${p}/x${i}`
              : `sys/p${p}/+/y${i}*`;
      doc += stanza(path, i === 19 ? ["deny"] : ["read", "list"]);
    }
    docs.push(doc);
  }
  const acl = aclOf(docs);
  let allowed = 0;
  for (let n = 0; n < 10_000; n++) {
    const p = n % 100;
    const i = n % 20;
    const path = i % 2 === 0 ? `secret/data/team${p}/app${i}` : `kv/any/team${p}/x${i % 4 === 2 ? i : 2}`;
    if (allows(acl, "read", path)) allowed++;
  }
  assert.ok(allowed > 0 && allowed < 10_000);
  assert.equal(allows(acl, "read", "kv/a/team5/x2"), true);
  assert.equal(allows(acl, "read", "sys/p7/q/y3-more"), true);
  assert.equal(allows(acl, "read", "sys/p7/q/y19"), false);
  assert.equal(allows(acl, "read", "secret/data/team3/dir5/k"), true);
  assert.equal(allows(acl, "read", "secret/data/team3/dir6/k"), false);
});
