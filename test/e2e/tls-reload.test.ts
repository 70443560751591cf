/**
 * A renewed TLS certificate without a restart (and so without unsealing again): the real server
 * re-reads its listener's certificate and key on SIGHUP; a broken pair is logged and the old one
 * kept; the server goes on either way.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { after, test } from "node:test";
import { connect as tlsConnect } from "node:tls";
import { selfSigned } from "../helpers/self-signed.js";
import { type ChildServer, makeServerDir, type ServerDir, startChildServer } from "./child-server.js";

let dir: ServerDir | undefined;
let server: ChildServer | undefined;
after(async () => {
  await server?.stop("SIGKILL");
  await dir?.remove();
});

function served(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false });
    socket.on("secureConnect", () => {
      const fp = socket.getPeerX509Certificate()?.fingerprint256 ?? "";
      socket.end();
      resolve(fp);
    });
    socket.on("error", reject);
  });
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${server?.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("SIGHUP reloads the listener's TLS certificate; a broken pair keeps the old one", async () => {
  dir = await makeServerDir();
  const files = selfSigned(dir.dir, "listener");
  const hcl = (await readFile(dir.configPath, "utf8")).replace(
    "tls_disable = true",
    `tls_cert_file = ${JSON.stringify(files.certFile)}\n  tls_key_file = ${JSON.stringify(files.keyFile)}`,
  );
  await writeFile(dir.configPath, hcl);
  server = await startChildServer(dir.configPath);
  const port = Number(new URL(server.addr).port);
  const fingerprint = async (certFile: string) =>
    new X509Certificate(await readFile(certFile)).fingerprint256;
  assert.equal(await served(port), await fingerprint(files.certFile));

  const renewed = selfSigned(dir.dir, "renewed");
  await writeFile(files.keyFile, await readFile(renewed.keyFile));
  await writeFile(files.certFile, await readFile(renewed.certFile));
  server.signal("SIGHUP");
  const second = await fingerprint(renewed.certFile);
  await until("the renewed certificate", async () => (await served(port)) === second);
  await until("the reload log line", async () =>
    /"msg":"TLS certificate reloaded"/.test(server?.log() ?? ""),
  );

  await writeFile(files.certFile, "not a certificate");
  server.signal("SIGHUP");
  await until("the failed reload", async () => /TLS certificate reload failed/.test(server?.log() ?? ""));
  assert.equal(await served(port), second, "the renewed certificate is still served");
  assert.ok(!(server.log() ?? "").includes("PRIVATE KEY"), "no key material in the log");

  const { code } = await server.stop("SIGTERM");
  assert.equal(code, 0);
  server = undefined;
});
