/**
 * SCRAM-SHA-256 password verifiers (RFC 5802/7677) in PostgreSQL's stored form, so the database
 * is sent a verifier instead of the password (password_authentication = "scram-sha-256").
 */
import { createHash, createHmac, pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { InvalidRequestError } from "../../../errors.js";

const pbkdf2Async = promisify(pbkdf2);
const ITERATIONS = 4096;

/** `SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>` for a printable-ASCII password. */
export async function scramVerifier(password: string): Promise<string> {
  // SASLprep leaves printable ASCII unchanged; other text would need its full normalisation.
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new InvalidRequestError(
      'password_authentication "scram-sha-256" needs passwords of printable ASCII characters',
    );
  }
  const salt = randomBytes(16);
  const salted = await pbkdf2Async(password, salt, ITERATIONS, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  const b64 = (b: Buffer) => b.toString("base64");
  return `SCRAM-SHA-256$${ITERATIONS}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}
