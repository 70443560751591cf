/** Throwaway self-signed certificates for TLS tests, made with openssl (never committed). */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Writes `<name>.crt` and `<name>.key` (EC P-256, CN=name, SAN 127.0.0.1, one day) into `dir`. */
export function selfSigned(dir: string, name: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile };
}
