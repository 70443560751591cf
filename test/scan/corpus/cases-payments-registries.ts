// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import { ALNUM_DASH, type CorpusCase, prefixed, token } from "./define.js";
import { crcToken } from "./makers.js";
import { ALPHABETS as A, mutate, type Rand } from "./rand.js";

/** base64 of `text + random alphanumerics` whose encoding has no '+' or '/'. */
function alnumBase64(r: Rand, text: string, randomLength: number): string {
  for (;;) {
    const out = Buffer.from(text + r.str(randomLength)).toString("base64");
    if (/^[A-Za-z0-9]+$/.test(out)) return out;
  }
}

export const paymentRegistryCases: CorpusCase[] = [
  token(
    "stripe-secret-key",
    (r) => `sk_live_${r.str(99)}`,
    (r) => `sk_live_${r.str(20)}`,
  ),
  token(
    "stripe-restricted-key",
    (r) => `rk_live_${r.str(99)}`,
    (r) => `rk_live_${r.str(20)}`,
  ),
  token(
    "stripe-test-secret-key",
    (r) => `sk_test_${r.str(99)}`,
    (r) => `sk_test_${r.str(20)}`,
  ),
  token(
    "stripe-webhook-secret",
    (r) => `whsec_${r.str(32)}`,
    (r) => `whsec_${r.str(20)}`,
  ),
  token(
    "square-access-token",
    (r) => `EAAA${r.str(60, ALNUM_DASH)}`,
    (r) => `EAAA${r.str(59, ALNUM_DASH)}`,
  ),
  prefixed("square-oauth-secret", "sq0csp-", 43, ALNUM_DASH),
  token(
    "braintree-access-token",
    (r) => `access_token$production$${r.str(16, A.lowerAlnum)}$${r.hex(32)}`,
    (r) => `access_token$production$${r.str(16, A.lowerAlnum)}$${r.hex(31)}`,
  ),
  prefixed("shopify-access-token", "shpat_", 32, A.hex),
  prefixed("shopify-custom-app-token", "shpca_", 32, A.hex),
  prefixed("shopify-private-app-token", "shppa_", 32, A.hex),
  prefixed("shopify-shared-secret", "shpss_", 32, A.hex),
  token(
    "flutterwave-secret-key",
    (r) => `FLWSECK-${r.str(32, "abcdefgh0123456789")}-X`,
    (r) => `FLWSECK-${r.str(31, "abcdefgh0123456789")}-X`,
  ),
  token(
    "plaid-access-token",
    (r) => `access-production-${r.uuid()}`,
    (r) => `access-production-${r.hex(32)}`,
  ),
  prefixed("easypost-api-key", "EZAK", 54, A.hex),
  prefixed("shippo-api-token", "shippo_live_", 40, A.hex),
  prefixed("duffel-api-token", "duffel_live_", 43, ALNUM_DASH),
  token(
    "npm-access-token",
    (r) => crcToken("npm_", r),
    (r) => mutate(crcToken("npm_", r), -2),
  ),
  {
    rule: "npmrc-auth-token",
    file: ".npmrc",
    positive: (r) => {
      const v = r.str(36);
      return { text: `//registry.npmjs.org/:_authToken=${v}\n`, secret: v };
    },
    nearMiss: () => "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
  },
  {
    rule: "npmrc-basic-auth",
    file: ".npmrc",
    positive: (r) => {
      const v = Buffer.from(`ci-user:${r.str(16)}`).toString("base64");
      return { text: `registry=https://npm.acme.io/\n_auth=${v}\n`, secret: v };
    },
    nearMiss: (r) =>
      `registry=https://npm.acme.io/\n_auth=${Buffer.from(r.str(15, A.letters)).toString("base64")}\n`,
  },
  {
    rule: "yarn-npm-auth-token",
    file: ".yarnrc.yml",
    positive: (r) => {
      const v = r.str(36);
      return { text: `npmRegistryServer: "https://npm.acme.io"\nnpmAuthToken: "${v}"\n`, secret: v };
    },
    nearMiss: () => 'npmAuthToken: "${NPM_AUTH_TOKEN}"\n',
  },
  token(
    "pypi-upload-token",
    (r) => `pypi-AgEIcHlwaS5vcmc${r.str(120, ALNUM_DASH)}`,
    (r) => `pypi-AgEIcHlwaS5vcmc${r.str(20, ALNUM_DASH)}`,
  ),
  prefixed("dockerhub-pat", "dckr_pat_", 27, ALNUM_DASH),
  prefixed("dockerhub-org-token", "dckr_oat_", 32, ALNUM_DASH),
  {
    rule: "docker-config-auth",
    file: ".docker/config.json",
    positive: (r) => {
      const v = Buffer.from(`deploy:${r.str(20)}`).toString("base64");
      return { text: `{"auths": {"registry.acme.io": {"auth": "${v}"}}}\n`, secret: v };
    },
    nearMiss: (r) =>
      `{"auths": {"registry.acme.io": {"auth": "${Buffer.from(r.str(15, A.letters)).toString("base64")}"}}}\n`,
  },
  prefixed("rubygems-api-key", "rubygems_", 48, A.hex),
  prefixed("nuget-api-key", "oy2", 43, A.lowerAlnum),
  prefixed("clojars-token", "CLOJARS_", 60, A.lowerAlnum),
  prefixed("jfrog-api-key", "AKCp", 69),
  token(
    "jfrog-identity-token",
    (r) => alnumBase64(r, `reftkn:01:${r.str(10, A.digits)}:`, 27),
    (r) => `cmVmdGtuA${r.str(55)}`,
  ),
  prefixed("crates-io-token", "cio", 32),
];
