/**
 * `cofre login -method=oidc` as a person runs it: the CLI listens for the provider's redirect,
 * prints the authorization URL (skip_browser=true), and this test plays the browser: it opens the
 * URL at the stand-in provider, which signs the user in and redirects to the CLI's listener.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../../../src/cli/run.js";
import { Capture, tempHome } from "../../cli/harness.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { rsaKey } from "./issuer.js";
import { TestOidcProvider } from "./oidc-provider.js";

let s: TestServer;
let idp: TestOidcProvider;
let home: Awaited<ReturnType<typeof tempHome>>;

before(async () => {
  idp = await TestOidcProvider.start(rsaKey("idp-cli"), "cofre-cli", "cli-secret-77a1");
  s = await startTestServer({ kv: false });
  home = await tempHome();
  const root = (path: string, body: unknown) => s.request("POST", path, { token: s.rootToken, body });
  assert.equal((await root("sys/auth/oidc", { type: "oidc" })).status, 204);
  await root("auth/oidc/config/rate_limit", { disable: true });
  assert.equal(
    (
      await root("auth/oidc/config", {
        oidc_discovery_url: idp.url,
        oidc_client_id: "cofre-cli",
        oidc_client_secret: "cli-secret-77a1",
        default_role: "person",
      })
    ).status,
    204,
  );
  const role = await root("auth/oidc/role/person", {
    role_type: "oidc",
    user_claim: "email",
    allowed_redirect_uris: "http://localhost:8250/oidc/callback",
    token_policies: "people",
  });
  assert.equal(role.status, 204, role.text);
});
after(async () => {
  await s.close();
  await idp.close();
  await home.cleanup();
});

/** Runs the CLI; `browse` gets the URL it prints and acts as the browser. */
async function loginWith(args: string[], browse: (url: string) => Promise<void>) {
  const stdout = new Capture();
  let printed = "";
  let seen = false;
  let sawUrl!: (url: string) => void;
  const urlSeen = new Promise<string>((resolve) => {
    sawUrl = resolve;
  });
  const stderr = {
    isTTY: false,
    write(chunk: string) {
      printed += chunk;
      const m = /\n {4}(\S+)\n/.exec(printed);
      if (m && !seen) {
        seen = true;
        sawUrl(m[1]);
      }
      return true;
    },
  };
  const run = runCli(["login", "-method=oidc", ...args], {
    env: { COFRE_ADDR: s.addr },
    stdout,
    stderr,
    homeDir: home.dir,
    cwd: home.dir,
  });
  const browsing = urlSeen.then(browse);
  const code = await run;
  if (seen) await browsing;
  return { code, stdout: stdout.text, stderr: printed };
}

test("the CLI prints the provider's URL, takes the redirect on its own listener and stores the token", async () => {
  idp.user = { sub: "u-123", email: "dev@example.com" };
  let landing = "";
  const r = await loginWith(["skip_browser=true", "port=0"], async (url) => {
    const atProvider = await fetch(url, { redirect: "manual" });
    assert.equal(atProvider.status, 302);
    const back = atProvider.headers.get("location") ?? "";
    assert.match(back, /^http:\/\/localhost:\d+\/oidc\/callback\?/);
    const page = await fetch(back);
    landing = await page.text();
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Complete the login via your OIDC provider/);
  assert.match(r.stdout, /Success! You are now authenticated/);
  assert.match(landing, /Signed in to cofre/);
  const stored = (await readFile(join(home.dir, ".cofre-token"), "utf8")).trim();
  const self = await s.request("GET", "auth/token/lookup-self", { token: stored });
  assert.deepEqual(self.body.data.policies, ["default", "people"]);
  assert.equal(self.body.data.display_name, "oidc-dev@example.com");
  assert.ok(!r.stdout.includes(stored) && !r.stderr.includes(stored), "the token is never printed");
});

test("a provider that refuses the sign-in ends the CLI with one error line and no token", async () => {
  const before = await readFile(join(home.dir, ".cofre-token"), "utf8").catch(() => "");
  const r = await loginWith(["skip_browser=true", "port=0"], async (url) => {
    const state = new URL(url).searchParams.get("state") ?? "";
    const redirect = new URL(url).searchParams.get("redirect_uri") ?? "";
    await fetch(`${redirect}?error=access_denied&state=${state}`);
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /the OIDC provider refused the login: access_denied/);
  assert.equal(await readFile(join(home.dir, ".cofre-token"), "utf8").catch(() => ""), before);
});

test("bad arguments are one usage error", async () => {
  const r = await loginWith(["port=99999"], async () => {});
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /port must be 0-65535/);
});
