import { randomBytes } from 'node:crypto';
import { test, expect, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import {
  FakeKubernetes,
  FakePod,
  startFakeKubernetes,
} from './support/fakeKubernetes';
import { signIn, waitForEntity } from './support/portal';

// What runs, on squad-gemini's Overview, against the real Kubernetes backend
// reading the fake Kubernetes API (e2e/support/fakeKubernetes.ts; clusters
// dev and prod in app-config.e2e.yaml). term-deposit (backstage.io/kubernetes-id
// from its shuttle.yaml, namespace savings) runs in dev and prod; a crash
// loop in prod shows on the Deployments card and in the pulse without a
// reload, and so does its recovery. Then its Kubernetes tab shows the pods.

const SERVICE = 'term-deposit';
const NAMESPACE = 'savings';
const SQUAD_PAGE = '/catalog/default/group/squad-gemini';
const KUBERNETES_TAB = `/catalog/default/component/${SERVICE}/kubernetes`;

// Pod names of this run: entries of an earlier run on a reused portal differ.
const run = randomBytes(3).toString('hex');
const pod = (suffix: string, extra: Partial<FakePod> = {}): FakePod => ({
  name: `${SERVICE}-${run}-${suffix}`,
  cpu: '200m',
  memory: '128Mi',
  ...extra,
});
const healthy = [pod('a1'), pod('b2'), pod('c3')];
const crashing = pod('d4', {
  ready: false,
  waiting: {
    reason: 'CrashLoopBackOff',
    message: 'back-off 40s restarting failed container',
  },
  lastTerminated: { reason: 'Error' },
});

let fake: FakeKubernetes;

test.beforeAll(async ({ request }) => {
  fake = await startFakeKubernetes();
  fake.setWorkload('dev', SERVICE, {
    replicas: 1,
    pods: [pod('dev1')],
    namespace: NAMESPACE,
  });
  fake.setWorkload('prod', SERVICE, {
    replicas: 3,
    pods: healthy,
    namespace: NAMESPACE,
  });
  await waitForEntity(request, { kind: 'group', name: 'squad-gemini' });
  await waitForEntity(request, { kind: 'component', name: SERVICE });
});

test.afterAll(async () => {
  await fake?.close();
});

function deploymentsCard(page: Page) {
  return page.getByRole('region', { name: 'Deployments' });
}

/** The Deployments row of term-deposit in one environment. */
function deploymentRow(page: Page, environment: string) {
  return deploymentsCard(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: SERVICE, exact: true }) })
    .filter({
      has: page.getByRole('cell', { name: environment, exact: true }),
    });
}

/** A pulse row that arrived while the page was open. */
function livePulseRow(page: Page, text: string | RegExp) {
  return page
    .getByRole('table', { name: 'Pulse' })
    .locator('tr[data-fresh="true"]')
    .filter({ hasText: text });
}

test('a crash loop in prod shows on the squad page and in the pulse as it happens, and its recovery too', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, SQUAD_PAGE);

  // Deployments leads the page: running everywhere, with metrics.
  const card = deploymentsCard(page);
  await expect(card).toBeVisible();
  const prod = deploymentRow(page, 'prod');
  await expect(prod).toContainText('3/3');
  await expect(prod).toContainText('Running');
  await expect(prod).toContainText('40%'); // 200m of a 500m request
  await expect(deploymentRow(page, 'dev')).toContainText('1/1');
  await expect(
    card.getByRole('link', { name: SERVICE, exact: true }).first(),
  ).toHaveAttribute('href', KUBERNETES_TAB);

  // One of the three pods goes into a crash loop in prod.
  fake.setWorkload('prod', SERVICE, {
    replicas: 3,
    pods: [healthy[0], healthy[1], crashing],
    namespace: NAMESPACE,
  });

  const crashEntry = livePulseRow(
    page,
    `Pod ${crashing.name} is in state: CrashLoopBackOff in prod`,
  );
  await expect(crashEntry).toBeVisible({ timeout: 30_000 });
  await expect(crashEntry).toContainText('Crash loop');
  await expect(crashEntry.getByRole('link')).toHaveAttribute(
    'href',
    KUBERNETES_TAB,
  );
  // The card read again on that entry, without a reload.
  await expect(prod).toContainText('Failing: CrashLoopBackOff');
  await expect(prod).toContainText(crashing.name);
  await expect(prod).toContainText('2/3');
  await expect(deploymentRow(page, 'dev')).toContainText('Running');

  await page.screenshot({
    path: test.info().outputPath('squad-crashloop.png'),
    fullPage: true,
  });
  await expectNoAxeViolations(page, card);

  // The crashing pod is replaced by a healthy one. (A recovery of an earlier
  // spec's crash may already have arrived: count this one.)
  const recovered = livePulseRow(
    page,
    `Deployment: ${SERVICE} 3/3 pods are Running in prod`,
  );
  const recoveredBefore = await recovered.count();
  fake.setWorkload('prod', SERVICE, {
    replicas: 3,
    pods: [...healthy.slice(0, 2), pod('e5')],
    namespace: NAMESPACE,
  });
  await expect(recovered).toHaveCount(recoveredBefore + 1, {
    timeout: 30_000,
  });
  await expect(recovered.first()).toContainText('Recovered');
  await expect(prod).toContainText('Running');
  await expect(prod).not.toContainText('Failing');
  await expect(prod).toContainText('3/3');
  await expectNoAxeViolations(page, card);
});

test("the service's Kubernetes tab shows its pods", async ({ page }) => {
  await signIn(page, SQUAD_PAGE);
  await deploymentsCard(page)
    .getByRole('link', { name: SERVICE, exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`${KUBERNETES_TAB}$`));
  await expect(
    page.getByText('No Kubernetes cluster configured'),
  ).not.toBeVisible();

  // The stock view: one accordion per cluster, pods inside its deployment.
  const prodCluster = page.getByRole('button', { name: /prod\s*Cluster/ });
  await expect(prodCluster).toBeVisible();
  await expect(prodCluster).toContainText('3 pods');
  await prodCluster.click();
  await page
    .getByRole('button', { name: new RegExp(SERVICE) })
    .first()
    .click();
  await expect(page.getByText(healthy[0].name)).toBeVisible();
});

test('every sidebar label shows whole at 1440 px (none cut off with an ellipsis)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, SQUAD_PAGE);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Database access' }),
  ).toBeVisible();
  // Each item's label: the stock item's Typography, a block-level span.
  const labels = await nav.getByRole('link').evaluateAll(links =>
    links
      .flatMap(link => [...link.querySelectorAll('span')])
      .filter(el => el.children.length === 0 && el.textContent?.trim())
      .filter(el => getComputedStyle(el).display !== 'inline')
      .map(el => ({
        text: el.textContent,
        cut: el.scrollWidth > el.clientWidth + 1,
      })),
  );
  expect(labels.map(l => l.text)).toContain('Database access');
  expect(labels.filter(l => l.cut)).toEqual([]);
});
