import { quoteIdent } from "../model/identifiers.js";
import type { DefaultPrivilege, Grant } from "../model/snapshot.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { matchByKey } from "../../../diff/match-by-key.js";
import { granteeName } from "../judge/object-names.js";

const key = (d: DefaultPrivilege) => `${d.role}\u0000${d.schema ?? ""}\u0000${d.objectType}`;
const grants = (acl: readonly Grant[]) => new Set(acl.map((g) => `${g.grantee}\u0000${g.privilege}`));

const BUILT_IN: Record<string, { owner: readonly string[]; public: readonly string[] }> = {
  tables: { owner: ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"], public: [] },
  sequences: { owner: ["USAGE", "SELECT", "UPDATE"], public: [] },
  functions: { owner: ["EXECUTE"], public: ["EXECUTE"] },
  types: { owner: ["USAGE"], public: ["USAGE"] },
  schemas: { owner: ["USAGE", "CREATE"], public: [] },
};

/**
 * What a side without an entry grants. A global entry (no schema) replaces the built-in defaults, so its
 * absence means those defaults; a per-schema entry only adds to the global one, so its absence means nothing.
 */
function effectiveAcl(entry: DefaultPrivilege | undefined, like: DefaultPrivilege): readonly Grant[] {
  if (entry) return entry.acl;
  if (like.schema !== null) return [];
  const builtIn = BUILT_IN[like.objectType] ?? { owner: [], public: [] };
  return [
    ...builtIn.owner.map((privilege) => ({ grantee: like.role, privilege, grantable: false })),
    ...builtIn.public.map((privilege) => ({ grantee: "PUBLIC", privilege, grantable: false })),
  ];
}

export const defaultPrivilegesChanged: RuleDefinition = {
  id: "default-privileges-changed",
  description: "ALTER DEFAULT PRIVILEGES differ: objects a deploy creates get other grants in TARGET.",
  reads: ["defaultPrivileges"],
  defaultSeverity: "risky",
  check: (context) =>
    matchByKey(context.source.defaultPrivileges, context.target.defaultPrivileges, key).flatMap(({ source, target }): FindingDraft[] => {
      const d = (source ?? target)!;
      const scope = `${d.objectType} created by ${quoteIdent(d.role)}${d.schema ? ` in schema ${quoteIdent(d.schema)}` : ""}`;
      const object = `default privileges for ${scope}`;
      const compared = (g: Grant) => context.comparesMaintain || g.privilege !== "MAINTAIN";
      const sourceAcl = effectiveAcl(source, d).filter(compared);
      const targetAcl = effectiveAcl(target, d).filter(compared);
      const s = grants(sourceAcl);
      const t = grants(targetAcl);
      const missing = sourceAcl.filter((g) => !t.has(`${g.grantee}\u0000${g.privilege}`));
      const extra = targetAcl.filter((g) => !s.has(`${g.grantee}\u0000${g.privilege}`));
      const show = (list: readonly Grant[]) => list.map((g) => `${g.privilege} to ${granteeName(g.grantee)}`).join(", ");
      const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(d.role)}${d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : ""}`;
      const out: FindingDraft[] = [];
      if (missing.length > 0) {
        out.push({
          objectKind: "default privileges",
          object,
          detail: "missing",
          message: `Default privileges for ${scope} lack ${show(missing)} in TARGET.`,
          why: "Tables, sequences or functions the deploy creates in TARGET will not carry these grants: writes to them may then fail with \"permission denied\".",
          source: show(sourceAcl) || "none",
          target: show(targetAcl) || "none",
          hint: missing.map((g) => `${prefix} GRANT ${g.privilege} ON ${d.objectType.toUpperCase()} TO ${granteeName(g.grantee)};`).join("\n"),
        });
      }
      if (extra.length > 0) {
        out.push({
          objectKind: "default privileges",
          object,
          detail: "extra",
          severity: "info",
          message: `Default privileges for ${scope} grant ${show(extra)} only in TARGET.`,
          why: "New objects in TARGET get more grants than in SOURCE; no write fails because of it.",
          source: show(sourceAcl) || "none",
          target: show(targetAcl) || "none",
        });
      }
      return out;
    }),
};
