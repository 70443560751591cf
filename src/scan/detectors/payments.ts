import { type DetectorSpec, family } from "./define.js";

function stripe(prefix: string, id: string, description: string, confidence: "low" | "medium"): DetectorSpec {
  return {
    id,
    description,
    keywords: [prefix],
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}[A-Za-z0-9]{24,99}(?![A-Za-z0-9_])`),
    confidence,
    minEntropy: 3.5,
  };
}

function shopify(prefix: string, id: string, description: string): DetectorSpec {
  return {
    id,
    description,
    keywords: [prefix],
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}[a-fA-F0-9]{32}(?![A-Za-z0-9])`),
    minEntropy: 3,
  };
}

/** Payment processors, commerce and shipping platforms. */
export const paymentDetectors = family("payments", [
  stripe("sk_live_", "stripe-secret-key", "Stripe live secret key", "medium"),
  stripe("rk_live_", "stripe-restricted-key", "Stripe live restricted key", "medium"),
  stripe("sk_test_", "stripe-test-secret-key", "Stripe test-mode secret key", "low"),
  {
    id: "stripe-webhook-secret",
    description: "Stripe webhook signing secret",
    keywords: ["whsec_"],
    pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9+/=])/,
    minEntropy: 3.5,
  },
  {
    id: "square-access-token",
    description: "Square access token",
    keywords: ["sq0atp-", "EAAA"],
    keywordsCaseSensitive: true,
    pattern: /(?<![A-Za-z0-9_-])(?:sq0atp-[0-9A-Za-z_-]{22}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
  },
  {
    id: "square-oauth-secret",
    description: "Square OAuth application secret",
    keywords: ["sq0csp-"],
    pattern: /(?<![A-Za-z0-9_-])sq0csp-[0-9A-Za-z_-]{43}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
  },
  {
    id: "braintree-access-token",
    description: "PayPal Braintree production access token",
    keywords: ["access_token$production$"],
    pattern: /access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}(?![0-9a-f])/,
    confidence: "high",
  },
  shopify("shpat_", "shopify-access-token", "Shopify Admin API access token"),
  shopify("shpca_", "shopify-custom-app-token", "Shopify custom app access token"),
  shopify("shppa_", "shopify-private-app-token", "Shopify private app access token"),
  shopify("shpss_", "shopify-shared-secret", "Shopify app shared secret"),
  {
    id: "flutterwave-secret-key",
    description: "Flutterwave secret key",
    keywords: ["flwseck"],
    pattern: /FLWSECK(?:_TEST)?-[a-h0-9]{32}-X/,
  },
  {
    id: "plaid-access-token",
    description: "Plaid access token",
    keywords: ["access-production-", "access-development-", "access-sandbox-"],
    pattern:
      /(?<![A-Za-z0-9-])access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/,
  },
  {
    id: "easypost-api-key",
    description: "EasyPost production or test API key",
    keywords: ["ezak", "eztk"],
    pattern: /(?<![A-Za-z0-9])EZ[AT]K[a-f0-9]{54}(?![a-f0-9])/,
  },
  {
    id: "shippo-api-token",
    description: "Shippo API token",
    keywords: ["shippo_live_", "shippo_test_"],
    pattern: /shippo_(?:live|test)_[a-f0-9]{40}(?![a-f0-9])/,
  },
  {
    id: "duffel-api-token",
    description: "Duffel API token",
    keywords: ["duffel_test_", "duffel_live_"],
    pattern: /duffel_(?:test|live)_[A-Za-z0-9_=-]{43}(?![A-Za-z0-9_=-])/,
    minEntropy: 3.5,
  },
]);
