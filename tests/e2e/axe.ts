import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/**
 * axe's findings on the page as it is now, one line each (ADR 031): its default rules (WCAG 2.0–2.2 A/AA
 * and best practice), or only `rules`. The page must run JavaScript (axe is a script).
 */
export async function axeFindings(page: Page, where: string, rules?: string[]): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  if (rules) axe.withRules(rules);
  const { violations } = await axe
    // Legacy mode: axe.run in the page itself. The default opens a blank page per run to merge frames'
    // results; Porch pages have no frames, and that page cost about a second a run here.
    .setLegacyMode(true)
    .options({ resultTypes: ["violations"] })
    .analyze();
  return violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}) × ${v.nodes.length}: ${v.nodes[0].target.join(" ")} ${v.nodes[0].failureSummary?.split("\n")[1] ?? ""}`,
  );
}
