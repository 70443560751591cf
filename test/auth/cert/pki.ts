/**
 * A throwaway PKI made with the `openssl` command line in a temp dir (never committed): CAs,
 * intermediates and client certificates for the cert auth method's tests, plus the TLS server's
 * own certificate.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Issued {
  certFile: string;
  keyFile: string;
  /** PEM of the certificate. */
  pem: string;
  keyPem: string;
}

export interface CertSpec {
  subject: string;
  /** Name of the signing certificate; omitted: self-signed. */
  issuer?: string;
  days?: number;
  /** Lines of an openssl extension section. */
  ext: string[];
  /** Signature digest (default sha256). */
  digest?: string;
}

export const CA_EXT = [
  "basicConstraints=critical,CA:TRUE",
  "keyUsage=critical,keyCertSign,cRLSign",
  "subjectKeyIdentifier=hash",
];

export function clientExt(...sans: string[]): string[] {
  return [
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=clientAuth",
    "subjectKeyIdentifier=hash",
    ...(sans.length > 0 ? [`subjectAltName=${sans.join(",")}`] : []),
  ];
}

export class TestPki {
  private readonly issued = new Map<string, Issued>();
  private constructor(readonly dir: string) {}

  static async create(): Promise<TestPki> {
    return new TestPki(await mkdtemp(join(tmpdir(), "cofre-pki-")));
  }

  /** Issues certificate `name` (specs are processed in order, so issuers come first). */
  async issue(name: string, spec: CertSpec): Promise<Issued> {
    const keyFile = join(this.dir, `${name}.key`);
    const csrFile = join(this.dir, `${name}.csr`);
    const certFile = join(this.dir, `${name}.crt`);
    const extFile = join(this.dir, `${name}.ext`);
    const ext = [...spec.ext];
    if (spec.issuer) ext.push("authorityKeyIdentifier=keyid");
    await writeFile(extFile, `[v3]\n${ext.join("\n")}\n`);
    openssl([
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      csrFile,
      "-subj",
      spec.subject,
    ]);
    const signer = spec.issuer ? this.get(spec.issuer) : undefined;
    openssl([
      "x509",
      "-req",
      "-in",
      csrFile,
      ...(signer ? ["-CA", signer.certFile, "-CAkey", signer.keyFile] : ["-signkey", keyFile]),
      "-set_serial",
      `0x${randomBytes(8).toString("hex")}`,
      "-days",
      String(spec.days ?? 365),
      `-${spec.digest ?? "sha256"}`,
      "-extfile",
      extFile,
      "-extensions",
      "v3",
      "-out",
      certFile,
    ]);
    const issued = {
      certFile,
      keyFile,
      pem: await readFile(certFile, "utf8"),
      keyPem: await readFile(keyFile, "utf8"),
    };
    this.issued.set(name, issued);
    return issued;
  }

  get(name: string): Issued {
    const issued = this.issued.get(name);
    if (!issued) throw new Error(`no test certificate ${name}`);
    return issued;
  }

  /** Colon-separated lower-case hex of the subject key identifier, as openssl prints it. */
  subjectKeyId(name: string): string {
    const text = openssl(["x509", "-in", this.get(name).certFile, "-noout", "-ext", "subjectKeyIdentifier"]);
    return (text.split("\n")[1] ?? "").trim().toLowerCase();
  }

  /** Decimal serial number, from openssl's hex. */
  serial(name: string): string {
    const text = openssl(["x509", "-in", this.get(name).certFile, "-noout", "-serial"]);
    return BigInt(`0x${text.trim().replace(/^serial=/, "")}`).toString(10);
  }

  cleanup(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

function openssl(args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

/** The TLS server's certificate: self-signed for 127.0.0.1. */
export async function issueServerCert(pki: TestPki): Promise<Issued> {
  return pki.issue("server", {
    subject: "/CN=cofre test server",
    ext: ["basicConstraints=CA:FALSE", "subjectAltName=IP:127.0.0.1", "extendedKeyUsage=serverAuth"],
  });
}
