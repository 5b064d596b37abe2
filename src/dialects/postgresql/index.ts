import type { Dialect } from "../../diff/dialect.js";
import { assertToolFormat } from "../../files/tool-schemas.js";
import { applyIgnores } from "./judge/apply-ignores.js";
import { createRuleContext, type RuleContext } from "./judge/rule-context.js";
import { POSTGRESQL, type Snapshot } from "./model/snapshot.js";
import { RULES } from "./rules/index.js";
import { WRITE_EFFECTS } from "./judge/rule-write-effects.js";

/**
 * PostgreSQL as the engine sees it. Everything this dialect knows (catalog reading, sessions, migration
 * folders, the model, the rules, fit, probe and scan SQL) sits in this folder; the engine reaches it only
 * through this object and the registry in src/dialects/index.ts.
 */
export const postgresql: Dialect<Snapshot, RuleContext> = {
  name: POSTGRESQL,
  rules: RULES,
  writeEffects: WRITE_EFFECTS,
  settingsSections: ["settings", "roleSettings", "server", "database"],
  createContext(source, target, options) {
    const ignores = { roles: options.ignoreRoles, schemas: options.ignoreSchemas };
    const instance = source.origin.instance;
    return createRuleContext(applyIgnores(source.content, ignores), applyIgnores(target.content, ignores), {
      ignoredRoles: options.ignoreRoles,
      writers: options.writers,
      sameServerInstance: instance !== undefined && instance === target.origin.instance,
    });
  },
  validateSnapshot(data, what) {
    assertToolFormat("snapshot.schema.json", data, what);
  },
};
