// Dead-letter UI bench (issue 4): with 100,000 stored messages for one
// service, how long from opening its Dead letter tab to the first rows
// painted, and from clicking "Next Page" (and "Last Page") to its rows, in
// Chromium against the running portal.
//
//   PORTAL_PORT=7103 node bench/dead-letter-ui/run.mjs
//
// Env: PORTAL_URL (default http://127.0.0.1:$PORTAL_PORT), BENCH_SERVICE
// (default market-data, a service of the example catalog), BENCH_MESSAGES
// (default 100000), BENCH_RUNS (default 5), AMQP_URL.
// Seeds the store through the broker (publishing into the environment's
// dead-letter queue, as dead-lettering does) unless the service already has
// exactly BENCH_MESSAGES messages; prints figures and writes
// bench/results/dead-letter-ui-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumLaunchOptions = createRequire(import.meta.url)(
  '../../e2e/support/chromium.json',
);
const port = process.env.PORTAL_PORT ?? '7007';
const portal = process.env.PORTAL_URL ?? `http://127.0.0.1:${port}`;
const service = process.env.BENCH_SERVICE ?? 'market-data';
const total = Number(process.env.BENCH_MESSAGES ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function guestToken() {
  const res = await fetch(`${portal}/api/auth/guest/refresh`);
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function apiGet(token, path) {
  const res = await fetch(`${portal}/api/dead-letter${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok)
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function apiDelete(token, ids) {
  const res = await fetch(`${portal}/api/dead-letter/dead-letters`, {
    method: 'DELETE',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ ids }),
  });
  if (!res.ok) throw new Error(`DELETE: ${res.status} ${await res.text()}`);
}

async function count(token, environment) {
  const list = await apiGet(
    token,
    `/dead-letters?environment=${environment}&service=${service}&limit=1`,
  );
  return list.totalCount;
}

async function seed(token, environment, deadLetterQueue) {
  let existing = await count(token, environment);
  if (existing === total) {
    console.log(`store already holds ${total} messages of ${service}`);
    return;
  }
  while (existing > 0) {
    const list = await apiGet(
      token,
      `/dead-letters?environment=${environment}&service=${service}&limit=500`,
    );
    await apiDelete(
      token,
      list.items.map(m => m.id),
    );
    existing = await count(token, environment);
  }
  console.log(`publishing ${total} dead letters of ${service} ...`);
  const connection = await amqp.connect(amqpUrl);
  const channel = await connection.createChannel();
  const { consumerCount } = await channel.checkQueue(deadLetterQueue);
  if (consumerCount !== 1) {
    throw new Error(
      `${deadLetterQueue} has ${consumerCount} consumers: only the benched portal may consume it`,
    );
  }
  const queue = `dev-k8s-commandstreams_bench_${service}`;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const ok = channel.sendToQueue(
      deadLetterQueue,
      Buffer.from(JSON.stringify({ bench: true, n: i, pad: 'x'.repeat(300) })),
      {
        messageId: `bench-${i}`,
        correlationId: `bench-corr-${i}`,
        contentType: 'application/json',
        headers: {
          'x-error-message': 'ctx handler: record not found',
          'x-death': [
            {
              count: 1,
              reason: 'rejected',
              queue,
              exchange: 'bench',
              'routing-keys': ['bench.RecordV1'],
            },
          ],
        },
      },
    );
    if (!ok) await new Promise(r => channel.once('drain', r));
  }
  await channel.close();
  await connection.close();
  const deadline = Date.now() + 300_000;
  for (;;) {
    const n = await count(token, environment);
    if (n >= total) break;
    if (Date.now() > deadline) {
      throw new Error(`only ${n} of ${total} messages stored after 5 minutes`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  console.log(
    `stored ${total} messages in ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s`,
  );
}

/**
 * Arms an in-page observer, runs the action, and returns the milliseconds
 * from the action to the frame after the expected rows are in the DOM.
 */
async function timeToRows(page, action, predicateSource) {
  await page.evaluate(src => {
    const predicate = new Function('rows', src);
    window.__bench = new Promise(resolvePromise => {
      const check = () => {
        const rows = [...document.querySelectorAll('tbody tr')].filter(r =>
          r.querySelector('input[type=checkbox]'),
        );
        if (rows.length && predicate(rows)) {
          observer.disconnect();
          // The frame after the DOM change is when the rows are painted.
          requestAnimationFrame(() =>
            setTimeout(() => resolvePromise(performance.now()), 0),
          );
          return true;
        }
        return false;
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true });
    });
    window.__benchStart = undefined;
    document.addEventListener(
      'click',
      () => {
        window.__benchStart ??= performance.now();
      },
      { capture: true, once: true },
    );
  }, predicateSource);
  await action();
  return page.evaluate(
    async () => (await window.__bench) - window.__benchStart,
  );
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = p =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
    runs: values.map(v => Math.round(v)),
    min: Math.round(sorted[0]),
    median: Math.round(q(0.5)),
    max: Math.round(sorted[sorted.length - 1]),
  };
}

async function main() {
  const token = await guestToken();
  const { environments } = await apiGet(token, '/environments');
  if (!environments.length)
    throw new Error('no deadLetter environment configured');
  const environment = process.env.BENCH_ENV ?? environments[0].name;
  const deadLetterQueue = environments.find(e => e.name === environment)
    .queues[0];
  await seed(token, environment, deadLetterQueue);

  // Launched as the end-to-end tests launch it (playwright.config.ts).
  const browser = await chromium.launch(chromiumLaunchOptions);
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await page.goto(`${portal}/catalog/default/component/${service}`);
  // Guest sign-in, as e2e/support/portal.ts does it.
  const enter = page.getByRole('button', { name: 'Enter' });
  const nav = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  await enter.or(nav).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }
  const tab = page
    .getByRole('tab', { name: 'Dead letter', exact: true })
    .or(page.getByRole('link', { name: 'Dead letter', exact: true }))
    .first();
  const overview = page
    .getByRole('tab', { name: 'Overview', exact: true })
    .or(page.getByRole('link', { name: 'Overview', exact: true }))
    .first();
  await tab.waitFor({ timeout: 60_000 });

  const open = [];
  const next = [];
  const last = [];
  for (let i = 0; i < runs; i++) {
    if (i > 0) {
      await overview.click();
      await page.waitForSelector('tbody tr input[type=checkbox]', {
        state: 'detached',
      });
    }
    open.push(
      await timeToRows(page, () => tab.click(), 'return rows.length >= 50;'),
    );
    const firstRow = () =>
      page
        .locator('tbody tr')
        .filter({ has: page.locator('input[type=checkbox]') })
        .first()
        .innerText();
    const before = await firstRow();
    next.push(
      await timeToRows(
        page,
        () => page.getByRole('button', { name: 'Next Page' }).first().click(),
        `return rows.length >= 50 && rows[0].innerText !== ${JSON.stringify(
          before,
        )};`,
      ),
    );
    const beforeLast = await firstRow();
    last.push(
      await timeToRows(
        page,
        () => page.getByRole('button', { name: 'Last Page' }).first().click(),
        `return rows.length === ${
          total % 50 || 50
        } && rows[0].innerText !== ${JSON.stringify(beforeLast)};`,
      ),
    );
  }
  await browser.close();

  const result = {
    bench: 'dead-letter-ui',
    at: new Date().toISOString(),
    portal,
    service,
    environment,
    storedMessages: total,
    pageSize: 50,
    browser: 'chromium (/usr/bin/chromium), headless, 1600x1000',
    machine: { cpus: cpus().length, loadAverage1m: loadavg()[0] },
    openTabToFirstRowsMs: stats(open),
    openTabToFirstRowsColdMs: Math.round(open[0]),
    nextPageToRowsMs: stats(next),
    lastPageToRowsMs: stats(last),
  };
  console.log(
    [
      `dead-letter UI, ${total} stored messages of ${service} (${environment}), Chromium`,
      `  open tab -> first 50 rows painted: first (cold) ${result.openTabToFirstRowsColdMs} ms, median ${result.openTabToFirstRowsMs.median} ms (min ${result.openTabToFirstRowsMs.min}, max ${result.openTabToFirstRowsMs.max}, n=${runs})`,
      `  next page -> its rows painted:     median ${result.nextPageToRowsMs.median} ms (min ${result.nextPageToRowsMs.min}, max ${result.nextPageToRowsMs.max})`,
      `  last page -> its rows painted:     median ${result.lastPageToRowsMs.median} ms (min ${result.lastPageToRowsMs.min}, max ${result.lastPageToRowsMs.max})`,
      `  (${
        result.machine.cpus
      } CPUs, load average ${result.machine.loadAverage1m.toFixed(1)})`,
    ].join('\n'),
  );
  mkdirSync(resolve(root, 'bench/results'), { recursive: true });
  const file = resolve(
    root,
    `bench/results/dead-letter-ui-${result.at.replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
