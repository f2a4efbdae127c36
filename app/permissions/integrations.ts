// Who may do what with an integration: use (its data in widgets) < interact (actions that touch the
// remote service) < full (edit, secrets, share, delete). No public flag: guests never get any.
import type { PermissionKey } from "./definitions";
import { levelIn, rankIn, levelOf, type Facts, type Reason, type ResourceRules, type Subject } from "./resource-rules";

export const INTEGRATION_LEVELS = ["use", "interact", "full"] as const;
export type IntegrationLevel = (typeof INTEGRATION_LEVELS)[number];

export const INTEGRATION_ACCESS: ResourceRules<IntegrationLevel> = {
  levels: INTEGRATION_LEVELS,
  creator: "full",
  public: null,
  global: { "integration-use-all": "use", "integration-interact-all": "interact", "integration-full-all": "full" },
};

export type IntegrationFacts = Facts<IntegrationLevel>;
export type IntegrationReason = Reason<IntegrationLevel>;

export const integrationLevelOfRank = (rank: number) => levelIn(INTEGRATION_ACCESS, rank);
export const integrationLevelOf = (subject: Subject, facts: IntegrationFacts) => levelOf(INTEGRATION_ACCESS, subject, facts);
export const integrationAllows = (level: IntegrationLevel | null, needed: IntegrationLevel) =>
  rankIn(INTEGRATION_ACCESS, level) >= rankIn(INTEGRATION_ACCESS, needed);
export const isIntegrationPermission = (key: PermissionKey) => key in INTEGRATION_ACCESS.global;
