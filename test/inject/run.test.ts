/**
 * `cofre run` in-process (runCli with captured output) against a real server: the child's
 * environment, masking, exit codes, bad input, config files, dynamic leases and --watch.
 * Signals and the real bin are in test/e2e/run.test.ts; the fallback file in fallback.test.ts.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { cofre, tempHome } from "../cli/harness.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { addTestBackends, type LeaseLog } from "./test-backends.js";
import { startCli } from "./watching-io.js";

const NODE = process.execPath;
/** A child that prints the named variables as JSON. */
const printEnv = (...names: string[]) => [
  NODE,
  "-e",
  `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null]))))`,
];

let s: TestServer;
let leases: LeaseLog;
let home: Awaited<ReturnType<typeof tempHome>>;
let env: Record<string, string>;

const run = (
  argv: string[],
  opts: { cwd?: string; stdin?: PassThrough | string; env?: Record<string, string> } = {},
) =>
  cofre(["run", ...argv], { env: { ...env, ...opts.env }, home: home.dir, cwd: opts.cwd, stdin: opts.stdin });

const put = async (path: string, data: Record<string, unknown>) => {
  const r = await s.request("POST", path, { token: s.rootToken, body: { data } });
  assert.equal(r.status, 200, r.text);
};

before(async () => {
  s = await startTestServer();
  leases = await addTestBackends(s);
  home = await tempHome();
  env = { COFRE_ADDR: s.addr, COFRE_TOKEN: s.rootToken };
  await put("secret/data/app", {
    "db-password": "hunter2-horse",
    apiKey: "ak_live_12345",
    port: 5432,
    region: "eu",
  });
  await put("secret/data/other", { db_password: "other-value-1" });
  await put("secret/data/stripe", { key: "sk_test_abcdef" });
});
after(async () => {
  await s.close();
  await home.cleanup();
});

describe("cofre run: environment and output", () => {
  it("injects every key as UPPER_SNAKE (with a prefix) plus explicit mappings, and withholds the token", async () => {
    const r = await run([
      "--path=secret/app",
      "--prefix=APP_",
      "--env=STRIPE=secret/stripe#key",
      "--no-mask",
      "--",
      ...printEnv("APP_DB_PASSWORD", "APP_API_KEY", "APP_PORT", "STRIPE", "COFRE_TOKEN", "COFRE_ADDR"),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      APP_DB_PASSWORD: "hunter2-horse",
      APP_API_KEY: "ak_live_12345",
      APP_PORT: "5432",
      STRIPE: "sk_test_abcdef",
      COFRE_TOKEN: null,
      COFRE_ADDR: s.addr,
    });
  });

  it("masks values (and their base64 form) in stdout and stderr, by default", async () => {
    const script =
      "const p = process.env.DB_PASSWORD; console.log('pw=' + p); console.error('b64=' + Buffer.from(p).toString('base64')); console.log('port=' + process.env.PORT + ' region=' + process.env.REGION)";
    const r = await run(["--path=secret/app", "--", NODE, "-e", script]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "pw=***\nport=*** region=eu\n", "values shorter than 4 characters are not masked");
    assert.equal(r.stderr, "b64=***\n");
  });

  it("passes the exit code through, and stdin", async () => {
    const r = await run(
      [
        "--path=secret/app",
        "--",
        NODE,
        "-e",
        "process.stdin.pipe(process.stdout); process.stdin.on('end', () => process.exit(7))",
      ],
      {
        stdin: "from stdin\n",
      },
    );
    assert.equal(r.code, 7);
    assert.equal(r.stdout, "from stdin\n");
  });
});

describe("cofre run: bad input is one line and exit 1 or 2, and runs nothing", () => {
  const cases: Array<{ argv: string[]; code: number; stderr: RegExp; env?: Record<string, string> }> = [
    {
      argv: ["--path=secret/nope", "--", NODE, "-e", ""],
      code: 2,
      stderr: /^No value found at secret\/nope\n$/,
    },
    {
      argv: ["--env=BAD", "--", NODE, "-e", ""],
      code: 1,
      stderr: /^Error: invalid -env mapping "BAD": expected NAME=PATH#KEY\n$/,
    },
    {
      argv: ["--env=1X=secret/app#k", "--", NODE],
      code: 1,
      stderr: /invalid environment variable name "1X"/,
    },
    {
      argv: ["--env=X=secret/app#nokey", "--", NODE],
      code: 1,
      stderr: /no key "nokey" at secret\/app \(for X\)/,
    },
    { argv: ["--path=secret/app"], code: 1, stderr: /missing command/ },
    { argv: ["--", NODE], code: 1, stderr: /nothing to inject/ },
    {
      argv: ["--path=secret/app", "--watch", "--watch-signal=SIGNOPE", "--", NODE],
      code: 1,
      stderr: /-watch-signal/,
    },
    {
      argv: ["--path=secret/app", "--", "/no/such/program"],
      code: 1,
      stderr: /cannot start \/no\/such\/program: ENOENT/,
    },
    {
      argv: ["--path=secret/app", "--path=secret/other", "--", NODE],
      code: 1,
      stderr:
        /^Error: secret\/app#db-password and secret\/other#db_password both map to the environment variable DB_PASSWORD\n$/,
    },
  ];
  for (const c of cases) {
    it(`${c.argv.join(" ")} -> exit ${c.code}`, async () => {
      const r = await run(c.argv, { env: c.env });
      assert.equal(r.code, c.code, r.stderr);
      assert.match(r.stderr, c.stderr);
      assert.equal(r.stdout, "");
      assert.ok(!r.stderr.includes("hunter2"), "no value in an error");
    });
  }

  it("a token without read access gets a 403 error, exit 2", async () => {
    const token = await tokenWith(s, ["default"]);
    const r = await run(["--path=secret/app", "--", NODE, "-e", ""], { env: { COFRE_TOKEN: token } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Error reading secret\/app: Code: 403/);
  });
});

describe("cofre run: config file", () => {
  it("picks the environment from -env-name, COFRE_ENV or default_environment; yaml works too", async () => {
    const dir = join(home.dir, "project");
    const sub = join(dir, "src", "deep");
    await import("node:fs/promises").then((fs) => fs.mkdir(sub, { recursive: true }));
    await put("secret/data/dev/app", { token: "dev-token-1" });
    await put("secret/data/prod/app", { token: "prod-token-1" });
    await writeFile(
      join(dir, ".cofre.toml"),
      [
        'default_environment = "development"',
        "mask = false",
        "[environments.development]",
        'paths = ["secret/dev/app"]',
        "[environments.production]",
        'paths = [{ path = "secret/prod/app", prefix = "P_" }]',
        'env = { STRIPE = "secret/stripe#key" }',
        "",
      ].join("\n"),
    );
    const names = printEnv("TOKEN", "P_TOKEN", "STRIPE");
    const dev = await run(["--", ...names], { cwd: sub });
    assert.equal(dev.code, 0, dev.stderr);
    assert.deepEqual(JSON.parse(dev.stdout), { TOKEN: "dev-token-1", P_TOKEN: null, STRIPE: null });
    const prod = await run(["--env-name=production", "--", ...names], { cwd: sub });
    assert.deepEqual(JSON.parse(prod.stdout), {
      TOKEN: null,
      P_TOKEN: "prod-token-1",
      STRIPE: "sk_test_abcdef",
    });
    const viaEnv = await run(["--", ...names], { cwd: dir, env: { COFRE_ENV: "production" } });
    assert.deepEqual(JSON.parse(viaEnv.stdout).P_TOKEN, "prod-token-1");
    const unknown = await run(["--env-name=staging", "--", ...names], { cwd: dir });
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /no environment "staging" in .*\.cofre\.toml \(it has: development, production\)/,
    );

    const ydir = join(home.dir, "yaml-project");
    await import("node:fs/promises").then((fs) => fs.mkdir(ydir));
    await writeFile(
      join(ydir, "cofre.yaml"),
      "environments:\n  only:\n    paths: [secret/dev/app]\n    prefix: Y_\n",
    );
    const y = await run(["--no-mask", "--", ...printEnv("Y_TOKEN")], { cwd: ydir });
    assert.equal(y.code, 0, y.stderr);
    assert.deepEqual(JSON.parse(y.stdout), { Y_TOKEN: "dev-token-1" });
    await writeFile(join(ydir, "cofre.yaml"), "environments:\n  only:\n    pathz: [x]\n");
    const bad = await run(["--", NODE], { cwd: ydir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /environments\.only: unknown setting "pathz"/);
  });
});

describe("cofre run: dynamic secrets", () => {
  it("renews the lease while the command runs and revokes it when the command exits", async () => {
    leases.ttl = 1; // renewed after about 0.67 s
    try {
      const stdin = new PassThrough();
      const child = `process.stdout.write(process.env.USERNAME + '\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0))`;
      const running = run(["--path=database/creds/app", "--", NODE, "-e", child], { stdin });
      const renewed = await leases.nextRenewal();
      const revoked = leases.nextRevocation();
      stdin.end();
      const r = await running;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await revoked, renewed);
      assert.equal(r.stdout, "***\n", "the dynamic username is masked too");
    } finally {
      leases.ttl = 60;
    }
  });
});

describe("cofre run --watch", () => {
  /** A child that says which version it got, exits at once on the second, waits on the first. */
  const versionChild = (first: string) =>
    `const v = process.env.VALUE; console.log(v === ${JSON.stringify(first)} ? 'start one' : 'start two');` +
    `process.on('SIGUSR2', () => { console.log('reloading'); process.exit(0); });` +
    `if (v === ${JSON.stringify(first)}) setInterval(() => {}, 1e6); else process.exit(0);`;

  it("restarts the command with the new version when the secret changes", async () => {
    await put("secret/data/watched", { value: "watch-v1-aaaa" });
    const cli = startCli(
      [
        "run",
        "--path=secret/watched",
        "--watch",
        "--watch-interval=100ms",
        "--",
        NODE,
        "-e",
        versionChild("watch-v1-aaaa"),
      ],
      { env, homeDir: home.dir },
    );
    await cli.stdout.waitFor(/start one\n/);
    await put("secret/data/watched", { value: "watch-v2-bbbb" });
    assert.equal(await cli.code, 0, cli.stderr.text);
    assert.equal(cli.stdout.text, "start one\nstart two\n");
    assert.match(cli.stderr.text, /a secret changed; restarting the command/);
  });

  it("with -watch-signal sends the signal instead of restarting", async () => {
    await put("secret/data/watched2", { value: "watch-v1-cccc" });
    const cli = startCli(
      [
        "run",
        "--path=secret/watched2",
        "--watch",
        "--watch-interval=100ms",
        "--watch-signal=USR2",
        "--",
        NODE,
        "-e",
        versionChild("watch-v1-cccc"),
      ],
      { env, homeDir: home.dir },
    );
    await cli.stdout.waitFor(/start one\n/);
    await put("secret/data/watched2", { value: "watch-v2-dddd" });
    assert.equal(await cli.code, 0, cli.stderr.text);
    assert.equal(cli.stdout.text, "start one\nreloading\n");
    assert.match(cli.stderr.text, /sending SIGUSR2 to the command/);
  });
});

describe("cofre run --watch and dynamic secrets", () => {
  it("when a lease cannot be renewed further, reads new credentials, restarts the command and revokes the old lease", async () => {
    leases.ttl = 1;
    leases.maxTTL = 1;
    const marker = join(home.dir, `started-${Date.now()}`);
    const child =
      "const fs = require('node:fs'); console.log('start');" +
      `if (fs.existsSync(${JSON.stringify(marker)})) process.exit(0);` +
      `fs.writeFileSync(${JSON.stringify(marker)}, process.env.USERNAME); setInterval(() => {}, 1e6);`;
    try {
      const before = leases.issued;
      const r = await run(["--path=database/creds/exp", "--watch", "--", NODE, "-e", child]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "start\nstart\n");
      assert.match(r.stderr, /the lease on database\/creds\/exp cannot be renewed further/);
      assert.match(r.stderr, /restarting the command/);
      assert.equal(leases.issued, before + 2);
      const first = `v-exp-${before + 1}`;
      const second = `v-exp-${before + 2}`;
      assert.ok(leases.revoked.includes(first), "the old lease is revoked after the restart");
      assert.ok(leases.revoked.includes(second), "the new lease is revoked when the command exits");
    } finally {
      leases.ttl = 60;
      leases.maxTTL = 3600;
    }
  });
});
