import type { RuleDefinition } from "../judge/rule-definition.js";
import { databaseChanged } from "./database-changed.js";
import { settingsNotCompared } from "./settings-not-compared.js";
import { settingReadOnly } from "./setting-read-only.js";
import { settingTimeoutLowered } from "./setting-timeout-lowered.js";
import { settingSearchPathChanged } from "./setting-search-path-changed.js";
import { settingWriteSemanticsChanged } from "./setting-write-semantics-changed.js";
import { settingChanged } from "./setting-changed.js";
import { roleMissing } from "./role-missing.js";
import { roleExtra } from "./role-extra.js";
import { roleAttributeChanged } from "./role-attribute-changed.js";
import { roleMembershipChanged } from "./role-membership-changed.js";
import { extensionMissing } from "./extension-missing.js";
import { extensionChanged } from "./extension-changed.js";
import { extensionExtra } from "./extension-extra.js";
import { schemaMissing } from "./schema-missing.js";
import { schemaExtra } from "./schema-extra.js";
import { tableMissing } from "./table-missing.js";
import { tableExtra } from "./table-extra.js";
import { tableKindChanged } from "./table-kind-changed.js";
import { tablePersistenceChanged } from "./table-persistence-changed.js";
import { partitionChanged } from "./partition-changed.js";
import { tableInheritanceChanged } from "./table-inheritance-changed.js";
import { tableOptionsChanged } from "./table-options-changed.js";
import { rowSecurityBlocksWrites } from "./row-security-blocks-writes.js";
import { rowSecurityChanged } from "./row-security-changed.js";
import { policyMissing } from "./policy-missing.js";
import { policyAdded } from "./policy-added.js";
import { policyChanged } from "./policy-changed.js";
import { columnMissing } from "./column-missing.js";
import { columnExtra } from "./column-extra.js";
import { columnExtraRequired } from "./column-extra-required.js";
import { columnTypeNarrowed } from "./column-type-narrowed.js";
import { columnTypeChanged } from "./column-type-changed.js";
import { columnTypeWidened } from "./column-type-widened.js";
import { columnNotNullAdded } from "./column-not-null-added.js";
import { columnNotNullDropped } from "./column-not-null-dropped.js";
import { columnDefaultRemoved } from "./column-default-removed.js";
import { columnDefaultChanged } from "./column-default-changed.js";
import { columnIdentityChanged } from "./column-identity-changed.js";
import { columnGeneratedChanged } from "./column-generated-changed.js";
import { columnCollationChanged } from "./column-collation-changed.js";
import { columnOrderChanged } from "./column-order-changed.js";
import { constraintMissing } from "./constraint-missing.js";
import { constraintAdded } from "./constraint-added.js";
import { constraintChanged } from "./constraint-changed.js";
import { constraintRenamed } from "./constraint-renamed.js";
import { constraintEnforcementChanged } from "./constraint-enforcement-changed.js";
import { uniqueIndexAdded } from "./unique-index-added.js";
import { uniqueIndexMissing } from "./unique-index-missing.js";
import { indexChanged } from "./index-changed.js";
import { triggerMissing } from "./trigger-missing.js";
import { triggerAdded } from "./trigger-added.js";
import { triggerChanged } from "./trigger-changed.js";
import { viewMissing } from "./view-missing.js";
import { viewExtra } from "./view-extra.js";
import { viewChanged } from "./view-changed.js";
import { typeMissing } from "./type-missing.js";
import { typeExtra } from "./type-extra.js";
import { enumLabelMissing } from "./enum-label-missing.js";
import { enumLabelAdded } from "./enum-label-added.js";
import { enumLabelOrderChanged } from "./enum-label-order-changed.js";
import { domainBaseTypeChanged } from "./domain-base-type-changed.js";
import { domainNotNullAdded } from "./domain-not-null-added.js";
import { domainCheckChanged } from "./domain-check-changed.js";
import { domainChanged } from "./domain-changed.js";
import { compositeTypeChanged } from "./composite-type-changed.js";
import { sequenceMissing } from "./sequence-missing.js";
import { sequenceExtra } from "./sequence-extra.js";
import { sequenceChanged } from "./sequence-changed.js";
import { routineMissing } from "./routine-missing.js";
import { routineExtra } from "./routine-extra.js";
import { routineBodyChanged } from "./routine-body-changed.js";
import { routineChanged } from "./routine-changed.js";
import { privilegeMissing } from "./privilege-missing.js";
import { privilegeExtra } from "./privilege-extra.js";
import { defaultPrivilegesChanged } from "./default-privileges-changed.js";
import { ownerChanged } from "./owner-changed.js";
import { commentChanged } from "./comment-changed.js";
import { unmodelledObject } from "./unmodelled-object.js";
import { viewNotUpdatable } from "./view-not-updatable.js";

/**
 * Every rule driftgate judges with, a plain array: adding a rule is one file and one line here.
 * The order only groups related rules for readers; judge() sorts findings itself.
 */
export const RULES: readonly RuleDefinition[] = [
  databaseChanged,
  settingsNotCompared,
  settingReadOnly,
  settingTimeoutLowered,
  settingSearchPathChanged,
  settingWriteSemanticsChanged,
  settingChanged,
  roleMissing,
  roleExtra,
  roleAttributeChanged,
  roleMembershipChanged,
  extensionMissing,
  extensionChanged,
  extensionExtra,
  schemaMissing,
  schemaExtra,
  tableMissing,
  tableExtra,
  tableKindChanged,
  tablePersistenceChanged,
  partitionChanged,
  tableInheritanceChanged,
  tableOptionsChanged,
  rowSecurityBlocksWrites,
  rowSecurityChanged,
  policyMissing,
  policyAdded,
  policyChanged,
  columnMissing,
  columnExtra,
  columnExtraRequired,
  columnTypeNarrowed,
  columnTypeChanged,
  columnTypeWidened,
  columnNotNullAdded,
  columnNotNullDropped,
  columnDefaultRemoved,
  columnDefaultChanged,
  columnIdentityChanged,
  columnGeneratedChanged,
  columnCollationChanged,
  columnOrderChanged,
  constraintMissing,
  constraintAdded,
  constraintChanged,
  constraintRenamed,
  constraintEnforcementChanged,
  uniqueIndexAdded,
  uniqueIndexMissing,
  indexChanged,
  triggerMissing,
  triggerAdded,
  triggerChanged,
  viewMissing,
  viewExtra,
  viewChanged,
  viewNotUpdatable,
  typeMissing,
  typeExtra,
  enumLabelMissing,
  enumLabelAdded,
  enumLabelOrderChanged,
  domainBaseTypeChanged,
  domainNotNullAdded,
  domainCheckChanged,
  domainChanged,
  compositeTypeChanged,
  sequenceMissing,
  sequenceExtra,
  sequenceChanged,
  routineMissing,
  routineExtra,
  routineBodyChanged,
  routineChanged,
  privilegeMissing,
  privilegeExtra,
  defaultPrivilegesChanged,
  ownerChanged,
  commentChanged,
  unmodelledObject,
];
