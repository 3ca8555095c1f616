/**
 * axe-core in a puppeteer page: WCAG 2.1 A/AA rules across open shadow roots, and the
 * serious/critical violations in words a reader can act on (rule, element path, why).
 */
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Violation {
  state: string;
  rule: string;
  impact: string;
  help: string;
  /** Each node's selector path, shadow hosts joined by " › ", with axe's summary. */
  nodes: string[];
}

/** Runs axe on the page as it is now; returns its serious and critical violations. */
export async function seriousViolations(page: Page, state: string, options: { skipRules?: string[] } = {}): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (tags, skip) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
    }
    const rules = Object.fromEntries(skip.map((id) => [id, { enabled: false }]));
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      nodes: violation.nodes.map(
        (node) =>
          `${node.target.map((part) => (Array.isArray(part) ? part.join(' › ') : String(part))).join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`,
      ),
    }));
  }, WCAG_TAGS, options.skipRules ?? []);
  return found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => ({ state, ...violation }));
}

export function describeViolations(violations: Violation[]): string {
  return violations
    .map((violation) => `[${violation.state}] ${violation.impact} ${violation.rule}: ${violation.help}\n${violation.nodes.map((node) => `    - ${node}`).join('\n')}`)
    .join('\n');
}
