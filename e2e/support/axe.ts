import { readFileSync } from 'node:fs';
import { Locator, Page, expect } from '@playwright/test';
import type { AxeResults } from 'axe-core';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on the page (or one region of it) against WCAG 2.x A and AA,
 * and fails with the rules and elements that violate them.
 */
export async function expectNoAxeViolations(page: Page, scope?: Locator) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated, not added as a <script>: the portal's CSP blocks inline scripts.
    await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  }
  const element = scope ? await scope.elementHandle() : null;
  const results: AxeResults = await page.evaluate(
    ([context]) =>
      (window as any).axe.run(context ?? document, {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
        },
      }),
    [element] as const,
  );
  const violations = results.violations.map(v => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes
      .map(
        n =>
          `${n.target.join(' ')}: ${n.html.slice(0, 160)} (${(
            n.any[0]?.message ?? ''
          ).slice(0, 200)})`,
      )
      .slice(0, 5),
  }));
  expect(violations).toEqual([]);
}
