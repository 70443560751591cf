/** users/: create, read, update, delete and list users; change a user's password or policies. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { listPath } from "../../../logical/list-path.js";
import {
  applyTokenFields,
  cleanPolicies,
  DEFAULT_TOKEN_SETTINGS,
  tokenFields,
  tokenFieldsView,
} from "../../common/token-fields.js";
import { normaliseLoginName } from "../../common/username.js";
import { checkPasswordInput, hashPassword } from "../password-hash.js";
import type { UserStore } from "../user-store.js";

/** A path segment naming a user; normalised (and validated) by normaliseLoginName. */
export const USERNAME = "(?<username>[^/]+)";

async function requireUser(users: UserStore, name: string) {
  const user = await users.get(name);
  if (!user) throw new InvalidRequestError("username does not exist");
  return user;
}

export function userPaths(users: UserStore): PathDef[] {
  return [
    listPath("users/?", () => users.list(), "List the users."),

    definePath({
      pattern: `users/${USERNAME}`,
      fields: { username: field.str(), password: field.str().optional(), ...tokenFields },
      existenceCheck: async (_req, f) => (await users.get(normaliseLoginName(f.username))) !== null,
      operations: {
        create: async (_req, f) => {
          const name = normaliseLoginName(f.username);
          if (f.password === undefined) throw new InvalidRequestError("missing password");
          checkPasswordInput(f.password);
          const token = applyTokenFields(DEFAULT_TOKEN_SETTINGS, f);
          await users.put(name, { passwordHash: await hashPassword(f.password), token });
          return null;
        },
        update: async (_req, f) => {
          const name = normaliseLoginName(f.username);
          const user = await requireUser(users, name);
          const token = applyTokenFields(user.token, f);
          if (f.password !== undefined) checkPasswordInput(f.password);
          const passwordHash = f.password === undefined ? user.passwordHash : await hashPassword(f.password);
          await users.put(name, { passwordHash, token });
          return null;
        },
        read: async (_req, f) => {
          const user = await users.get(normaliseLoginName(f.username));
          return user ? { data: tokenFieldsView(user.token) } : null;
        },
        delete: async (_req, f) => {
          await users.delete(normaliseLoginName(f.username));
          return null;
        },
      },
      help: "Manage a user: password (write only) and the token_* settings of its logins.",
    }),

    definePath({
      pattern: `users/${USERNAME}/password`,
      fields: { username: field.str(), password: field.str() },
      operations: {
        update: async (_req, f) => {
          const name = normaliseLoginName(f.username);
          checkPasswordInput(f.password);
          const user = await requireUser(users, name);
          await users.put(name, { ...user, passwordHash: await hashPassword(f.password) });
          return null;
        },
      },
      help: "Change a user's password.",
    }),

    definePath({
      pattern: `users/${USERNAME}/policies`,
      fields: {
        username: field.str(),
        token_policies: field.strings().optional(),
        policies: field.strings().optional(),
      },
      operations: {
        update: async (_req, f) => {
          const name = normaliseLoginName(f.username);
          if (f.token_policies !== undefined && f.policies !== undefined) {
            throw new InvalidRequestError('"token_policies" and "policies" cannot both be given');
          }
          const policies = f.token_policies ?? f.policies;
          if (policies === undefined) throw new InvalidRequestError("missing token_policies");
          const user = await requireUser(users, name);
          await users.put(name, { ...user, token: { ...user.token, policies: cleanPolicies(policies) } });
          return null;
        },
      },
      help: "Replace a user's token policies.",
    }),
  ];
}
