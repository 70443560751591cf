import { checkJwt } from "../validate/jwt.js";
import { basicCredentialCheck } from "./checks.js";
import { family } from "./define.js";

/** Bearer credentials not tied to one vendor: JWTs and HTTP authorization headers. */
export const tokenDetectors = family("token", [
  {
    id: "jwt",
    description: "JSON Web Token",
    keywords: ["eyj"],
    pattern:
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1400}(?![A-Za-z0-9_-])/,
    reach: { before: 8, after: 7500 },
    check: ({ secret }) => checkJwt(secret),
  },
  {
    id: "http-basic-auth-header",
    description: "HTTP Basic authorization credentials",
    keywords: ["basic "],
    pattern:
      /(?:authorization|auth)["']?\s*[:=]\s*["']?Basic\s+(?<secret>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/i,
    check: basicCredentialCheck,
  },
  {
    id: "http-bearer-token",
    description: "HTTP Bearer authorization token",
    keywords: ["bearer "],
    pattern:
      /(?:authorization|auth)["']?\s*[:=]\s*["']?Bearer\s+(?<secret>[A-Za-z0-9_.~+/-]{20,2000}={0,2})(?![A-Za-z0-9_.~+/=-])/i,
    minEntropy: 3.5,
    generic: true,
  },
  {
    id: "curl-user-credentials",
    description: "Credentials passed to curl with -u / --user",
    keywords: ["curl "],
    pattern: /curl\s(?:[^\n]{0,300}?\s)?(?:-u|--user)\s*["']?[^:\s"']{1,64}:(?<secret>[^\s"'$]{6,128})["']?/,
    reach: { before: 8, after: 500 },
    minEntropy: 2.5,
    confidence: "low",
  },
]);
