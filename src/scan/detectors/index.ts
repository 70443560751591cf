import type { Detector } from "../types.js";
import { aiDetectors } from "./ai.js";
import { chatDetectors } from "./chat.js";
import { cloudDetectors } from "./cloud.js";
import { genericDetectors } from "./generic.js";
import { mailDetectors } from "./mail.js";
import { paymentDetectors } from "./payments.js";
import { privateKeyDetectors } from "./private-keys.js";
import { registryDetectors } from "./registries.js";
import { saasDetectors } from "./saas.js";
import { secretsManagerDetectors } from "./secrets-managers.js";
import { sourceHostDetectors } from "./source-hosts.js";
import { tokenDetectors } from "./tokens.js";
import { uriDetectors } from "./uris.js";

/** Every built-in detector, specific families first. */
export const BUILTIN_DETECTORS: readonly Detector[] = [
  ...cloudDetectors,
  ...sourceHostDetectors,
  ...chatDetectors,
  ...mailDetectors,
  ...paymentDetectors,
  ...registryDetectors,
  ...aiDetectors,
  ...secretsManagerDetectors,
  ...privateKeyDetectors,
  ...tokenDetectors,
  ...uriDetectors,
  ...saasDetectors,
  ...genericDetectors,
];
