/*
 * Benchmark of the gRPC definition widget (issue 16): a generated .proto of
 * about 5,000 lines (services, messages with comments, enums, nested types,
 * maps, oneofs, personal-data options), rendered in the API Docs widget in
 * Chromium against the running portal.
 *
 *   source scripts/env.sh
 *   PORTAL_PORT=7090 node --require @backstage/cli/config/nodeTransform.cjs bench/protobuf/run.ts
 *
 * The portal serves the built app (scripts/portal.sh) and the example
 * catalog. The browser gets the API `exchange-rate-grpc` with the generated
 * definition in place of its own (page.route rewrites the catalog's answer),
 * so nothing is written anywhere. Timed, per run:
 *   render  from the click on Documentation → Definition to the frame after
 *           the last message's section is in the page (parse + render +
 *           paint; the widget's code is already loaded by the Overview);
 *           also with every section laid out (the widget's
 *           `content-visibility: auto` overridden), for comparison
 *   search  from typing a search term to the frame after the list narrowed
 *   parse   parseProtoDefinition alone, in Node (no browser)
 *
 * Env: PORTAL_URL (default http://127.0.0.1:$PORTAL_PORT), BENCH_LINES
 * (5000), BENCH_RUNS (5). Prints figures and writes
 * bench/results/protobuf-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, Page } from 'playwright-core';
import { parseProtoDefinition } from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import chromiumLaunchOptions from '../../e2e/support/chromium.json';

const root = path.resolve(__dirname, '../..');
const port = process.env.PORTAL_PORT ?? '7007';
const portal = process.env.PORTAL_URL ?? `http://127.0.0.1:${port}`;
const targetLines = Number(process.env.BENCH_LINES ?? 5000);
const runs = Number(process.env.BENCH_RUNS ?? 5);

const API = 'exchange-rate-grpc';
const SCALARS = ['string', 'int64', 'int32', 'bool', 'double', 'bytes'];

/** A .proto shaped like the customer's, of about `lines` lines. */
export function generateProto(lines: number) {
  const out: string[] = [
    '// Generated for the protobuf widget benchmark.',
    'syntax = "proto3";',
    '',
    'package lunar.bench.v1;',
    '',
    'import "google/protobuf/descriptor.proto";',
    'import "google/protobuf/timestamp.proto";',
    '',
    'extend google.protobuf.FieldOptions {',
    '  bool gdpr_sensitive = 50001;',
    '}',
    '',
  ];
  const messages: string[] = [];
  let n = 0;
  // Messages until the target, leaving room for the services at the end.
  const serviceLines = Math.ceil(lines / 100) * 12;
  while (out.length < lines - serviceLines) {
    const name = `Entity${n}`;
    messages.push(name);
    out.push(`// ${name} is one of the generated messages.`);
    out.push(`message ${name} {`);
    for (let f = 1; f <= 8; f++) {
      const type =
        f === 3 && n > 0
          ? `Entity${n - 1}`
          : f === 4
          ? 'google.protobuf.Timestamp'
          : SCALARS[(n + f) % SCALARS.length];
      const sensitive =
        f === 2 && n % 5 === 0 ? ' [(gdpr_sensitive) = true]' : '';
      out.push(`  // Field ${f} of ${name}.`);
      out.push(
        `  ${f === 5 ? 'repeated ' : ''}${type} field_${f} = ${f}${sensitive};`,
      );
    }
    out.push(`  map<string, int64> counters = 9;`);
    out.push(`  oneof choice {`);
    out.push(`    string choice_text = 10;`);
    out.push(`    int64 choice_number = 11;`);
    out.push(`  }`);
    out.push(`  Status status = 12;`);
    out.push(`  enum Status {`);
    out.push(`    STATUS_UNSPECIFIED = 0;`);
    out.push(`    STATUS_ACTIVE = 1;`);
    out.push(`  }`);
    out.push('}');
    out.push('');
    n++;
  }
  for (let s = 0; out.length < lines - 1; s++) {
    out.push(`// Service ${s}.`);
    out.push(`service BenchService${s} {`);
    for (let m = 0; m < 10 && out.length < lines - 2; m++) {
      const request = messages[(s * 10 + m) % messages.length];
      const response = messages[(s * 10 + m + 1) % messages.length];
      out.push(
        `  rpc Call${m}(${request}) returns (${
          m % 3 === 0 ? 'stream ' : ''
        }${response});`,
      );
    }
    out.push('}');
  }
  while (out.length < lines) {
    out.push('// (end)');
  }
  return { text: `${out.join('\n')}\n`, messages };
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: values.map(v => Math.round(v)),
    min: Math.round(sorted[0]),
    median: Math.round(sorted[Math.floor(sorted.length / 2)]),
    max: Math.round(sorted[sorted.length - 1]),
  };
}

/**
 * Arms an in-page observer, runs the action, and returns the milliseconds
 * from the action's first input event to the frame after `selector` matches
 * `count` elements (with `onlyNew`, elements that were not on the page
 * before).
 */
async function timeTo(
  page: Page,
  action: () => Promise<void>,
  selector: string,
  count: number,
  onlyNew: boolean,
) {
  await page.evaluate(
    ([sel, expected, newOnly]) => {
      const w = window as any;
      // What is on the page now (the Overview's copy) may not count.
      document
        .querySelectorAll(sel as string)
        .forEach(e => e.setAttribute('data-bench-before', ''));
      const fresh = newOnly ? `${sel}:not([data-bench-before])` : sel;
      w.__benchStart = undefined;
      w.__bench = new Promise<number>(resolve => {
        const check = () => {
          if (document.querySelectorAll(fresh).length === expected) {
            observer.disconnect();
            requestAnimationFrame(() =>
              setTimeout(() => resolve(performance.now()), 0),
            );
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true });
      });
      const start = () => {
        w.__benchStart ??= performance.now();
      };
      document.addEventListener('click', start, { capture: true, once: true });
      document.addEventListener('input', start, { capture: true, once: true });
    },
    [selector, count, onlyNew] as const,
  );
  await action();
  return page.evaluate(
    async () => (await (window as any).__bench) - (window as any).__benchStart,
  );
}

async function main() {
  const { text, messages } = generateProto(targetLines);
  const lineCount = text.split('\n').length - 1;
  const bytes = Buffer.byteLength(text);

  const parse: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = parseProtoDefinition(text);
    parse.push(performance.now() - started);
    if (!result.ok) {
      throw new Error(
        `generated proto does not parse: ${result.error.message}`,
      );
    }
  }

  const browser = await chromium.launch(chromiumLaunchOptions);
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await page.route(
    `**/api/catalog/entities/by-name/api/default/${API}`,
    async route => {
      const response = await route.fetch();
      const entity = await response.json();
      entity.spec.definition = text;
      await route.fulfill({ response, json: entity });
    },
  );
  await page.goto(`${portal}/catalog/default/api/${API}`);
  // Guest sign-in, as e2e/support/portal.ts does it.
  const enter = page.getByRole('button', { name: 'Enter' });
  const nav = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  await enter.or(nav).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }

  const lastSection = `section[aria-label="message ${
    messages[messages.length - 1]
  }"]`;
  const box = page.getByRole('searchbox', {
    name: 'Search services, messages, fields',
  });
  const openDefinition = async () => {
    // The Overview (with its definition card) loads the widget's code.
    await page
      .getByRole('link', { name: 'Overview', exact: true })
      .first()
      .click();
    await page.locator(lastSection).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Documentation' }).click();
    const definition = page.getByRole('menuitemradio', { name: 'Definition' });
    await definition.waitFor();
    return timeTo(page, () => definition.click(), lastSection, 1, true);
  };
  // The same page with every section laid out (no `content-visibility:
  // auto`), for comparison.
  const layOutEverything = (on: boolean) =>
    page.evaluate(enable => {
      const existing = document.getElementById('bench-no-cv');
      if (enable && !existing) {
        const style = document.createElement('style');
        style.id = 'bench-no-cv';
        style.textContent =
          'section { content-visibility: visible !important; }';
        document.head.appendChild(style);
      } else if (!enable && existing) {
        existing.remove();
      }
    }, on);

  const render: number[] = [];
  const renderAllLaidOut: number[] = [];
  const search: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order of the two variants between runs.
    for (const allLaidOut of i % 2 ? [true, false] : [false, true]) {
      await layOutEverything(allLaidOut);
      (allLaidOut ? renderAllLaidOut : render).push(await openDefinition());
    }
    await layOutEverything(false);
    // One message by name, typed at once: the list narrows to it.
    search.push(
      await timeTo(
        page,
        () => box.fill(messages[messages.length - 1]),
        'section[aria-label^="message "]',
        1,
        false,
      ),
    );
    await box.fill('');
  }
  await browser.close();

  const result = {
    bench: 'protobuf',
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      loadavg: os.loadavg(),
      node: process.version,
    },
    input: { lines: lineCount, bytes, messages: messages.length },
    renderMs: stats(render),
    renderAllLaidOutMs: stats(renderAllLaidOut),
    searchMs: stats(search),
    parseMs: stats(parse),
  };
  console.log(
    `${lineCount} lines (${(bytes / 1024).toFixed(0)} KiB, ${
      messages.length
    } messages)`,
  );
  console.log(
    `render (click → painted):   median ${
      result.renderMs.median
    } ms  [${result.renderMs.runs.join(', ')}]`,
  );
  console.log(
    `  every section laid out:   median ${
      result.renderAllLaidOutMs.median
    } ms  [${result.renderAllLaidOutMs.runs.join(', ')}]`,
  );
  console.log(
    `search (type → narrowed):   median ${
      result.searchMs.median
    } ms  [${result.searchMs.runs.join(', ')}]`,
  );
  console.log(
    `parse (Node, protobufjs):   median ${
      result.parseMs.median
    } ms  [${result.parseMs.runs.join(', ')}]`,
  );
  const dir = path.join(root, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `protobuf-${result.at.replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
}

if (require.main === module) {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
