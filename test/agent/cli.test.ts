/** `cofre agent` on the command line (in-process): flags, one-line errors, -exit-after-auth. */
import assert from "node:assert/strict";
import { access, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cofre, tempHome } from "../cli/harness.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";

let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let token: string;

before(async () => {
  s = await startTestServer();
  home = await tempHome();
  await s.request("PUT", "sys/policies/acl/cli-app", {
    token: s.rootToken,
    body: { policy: 'path "secret/data/cli" { capabilities = ["read"] }' },
  });
  await s.request("POST", "secret/data/cli", {
    token: s.rootToken,
    body: { data: { k: "cli-secret-value" } },
  });
  token = await tokenWith(s, ["cli-app"]);
  await writeFile(join(home.dir, "token"), token);
});
after(async () => {
  await s.close();
  await home.cleanup();
});

const config = (contents: string) => `vault {
  address = "${s.addr}"
}
auto_auth {
  method "token_file" {
    config = { token_file_path = "token" }
  }
  sink "file" {
    config = { path = "sink" }
  }
}
template {
  destination = "out/cli.txt"
  contents = ${JSON.stringify(contents)}
}
`;

describe("cofre agent (CLI)", () => {
  it("needs -config", async () => {
    const r = await cofre(["agent"], { home: home.dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "Error: missing -config=FILE: cofre agent -config=agent.hcl\n");
  });

  it("-exit-after-auth renders once and exits 0", async () => {
    await writeFile(
      join(home.dir, "agent.hcl"),
      config('{{ with secret "secret/data/cli" }}{{ .Data.data.k }}{{ end }}'),
    );
    const r = await cofre(["agent", "-config=agent.hcl", "-exit-after-auth", "-log-level=warn"], {
      home: home.dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(await readFile(join(home.dir, "out", "cli.txt"), "utf8"), "cli-secret-value");
    assert.equal((await stat(join(home.dir, "out", "cli.txt"))).mode & 0o777, 0o600);
    assert.equal(await readFile(join(home.dir, "sink"), "utf8"), token);
  });

  it("an unknown template function: exit 1, one line naming file:line:col, nothing written, no login", async () => {
    await writeFile(join(home.dir, "bad.hcl"), config("{{ . | toShout }}").replace("out/cli.txt", "bad.txt"));
    const r = await cofre(["agent", "--config", "bad.hcl"], { home: home.dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error: ${join(home.dir, "bad.hcl")}:14:22: function "toShout" not defined\n`);
    await assert.rejects(access(join(home.dir, "bad.txt")));
  });

  it("a config file that does not exist", async () => {
    const r = await cofre(["agent", "-config=nope.hcl"], { home: home.dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error: cannot read config file ${join(home.dir, "nope.hcl")}: ENOENT\n`);
  });
});
