import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, APIRequestContext, Page } from '@playwright/test';
import amqp from 'amqplib';
import { parse as parseYaml } from 'yaml';
import { authHeaders, signIn, waitForEntity } from './support/portal';

// The dead-letter flow on real RabbitMQ: term-deposit's consumer rejects
// three messages, the portal stores them from the environment's dead-letter
// queue, and a developer deletes two and redelivers the third from the
// service's Dead letter tab, then finds the squad on the Dead Letter page.

const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
const ENVIRONMENT = 'dev';
const run = randomBytes(4).toString('hex');
// The service rule takes the part after the last "_": still term-deposit.
const serviceQueue = `dev-k8s-commandstreams_bankaccount_e2e${run}_term-deposit`;
const serviceExchange = `e2e.bankaccount.${run}`;
const routingKey = 'bankaccount.account.ReserveFundsResponseV1';
const messageIds = [1, 2, 3].map(n => `e2e-${run}-msg-${n}`);
const correlationIds = [1, 2, 3].map(n => `e2e-${run}-corr-${n}`);

type DeadLetterQueueConfig = string | { name: string; bindExchange?: string };

/**
 * The dead-letter exchange the portal's queue is bound to in the config
 * the portal runs with (app-config.e2e.yaml and PORTAL_CONFIG files).
 */
function configuredDeadLetterExchange(queue: string): string | undefined {
  const files = (process.env.PORTAL_CONFIG ?? 'app-config.e2e.yaml')
    .split(':')
    .filter(Boolean);
  let exchange: string | undefined;
  for (const file of files) {
    const config = parseYaml(readFileSync(resolve(file), 'utf8')) ?? {};
    const queues: DeadLetterQueueConfig[] =
      config.deadLetter?.environments?.[ENVIRONMENT]?.queues ?? [];
    for (const q of queues) {
      if (typeof q !== 'string' && q.name === queue && q.bindExchange) {
        exchange = q.bindExchange;
      }
    }
  }
  return exchange;
}

async function api(request: APIRequestContext) {
  const headers = await authHeaders(request);
  return {
    get: async (path: string) => {
      const res = await request.get(`/api/dead-letter${path}`, { headers });
      expect(res.status(), await res.text()).toBe(200);
      return res.json();
    },
    delete: async (ids: string[]) => {
      const res = await request.delete('/api/dead-letter/dead-letters', {
        headers,
        data: { ids },
      });
      expect(res.status(), await res.text()).toBe(200);
    },
  };
}

/** Deletes every stored term-deposit message, so reruns start clean. */
async function cleanStore(request: APIRequestContext) {
  const client = await api(request);
  for (;;) {
    const list = await client.get(
      `/dead-letters?environment=${ENVIRONMENT}&service=term-deposit&limit=500`,
    );
    if (list.items.length === 0) {
      return;
    }
    await client.delete(list.items.map((m: { id: string }) => m.id));
  }
}

function row(page: Page, messageId: string) {
  return page.getByRole('row').filter({ hasText: messageId });
}

let connection: amqp.ChannelModel;
let channel: amqp.Channel;
let deadLetterExchange: string | undefined;

test.beforeAll(async ({ request }) => {
  await waitForEntity(request, { kind: 'component', name: 'term-deposit' });

  const client = await api(request);
  const { environments } = await client.get('/environments');
  const dev = environments.find(
    (e: { name: string }) => e.name === ENVIRONMENT,
  );
  expect(dev, 'deadLetter.environments.dev in the e2e config').toBeTruthy();
  const deadLetterQueue: string = dev.queues[0];

  await cleanStore(request);

  connection = await amqp.connect(AMQP_URL);
  channel = await connection.createChannel();
  // Each portal keeps its own store: a second portal on the same queue would
  // take some of the messages this test expects in this one.
  const { consumerCount } = await channel.checkQueue(deadLetterQueue);
  expect(
    consumerCount,
    `only the portal under test may consume ${deadLetterQueue}; stop other portals running app-config.e2e.yaml`,
  ).toBe(1);
  deadLetterExchange = configuredDeadLetterExchange(deadLetterQueue);
  if (!deadLetterExchange) {
    // The config consumes the queue without declaring an exchange: give it
    // one of the test's own, as the customer's brokers have.
    deadLetterExchange = `e2e.dead-letter-exchange.${run}`;
    await channel.assertExchange(deadLetterExchange, 'fanout', {
      durable: false,
      autoDelete: true,
    });
    await channel.assertQueue(deadLetterQueue, { durable: true });
    await channel.bindQueue(deadLetterQueue, deadLetterExchange, '');
  }
  await channel.assertExchange(serviceExchange, 'topic', {
    durable: false,
    autoDelete: false,
  });
  await channel.assertQueue(serviceQueue, {
    durable: false,
    arguments: { 'x-dead-letter-exchange': deadLetterExchange },
  });
  await channel.bindQueue(serviceQueue, serviceExchange, 'bankaccount.#');

  // term-deposit's consumer: rejects whatever it gets.
  const { consumerTag } = await channel.consume(serviceQueue, msg => {
    if (msg) channel.nack(msg, false, false);
  });
  for (let i = 0; i < 3; i++) {
    channel.publish(
      serviceExchange,
      routingKey,
      Buffer.from(JSON.stringify({ accountId: `acc-${run}`, amount: i + 1 })),
      {
        messageId: messageIds[i],
        correlationId: correlationIds[i],
        contentType: 'application/json',
        headers: {
          'x-error-message':
            'ctx handler: insufficient_funds: insufficient funds',
        },
      },
    );
  }
  await expect
    .poll(
      async () =>
        (
          await client.get(
            `/dead-letters?environment=${ENVIRONMENT}&service=term-deposit&q=e2e-${run}`,
          )
        ).totalCount,
      { timeout: 30_000 },
    )
    .toBe(3);
  // From here on the queue keeps what arrives: redelivery is checked below.
  await channel.cancel(consumerTag);
});

test.afterAll(async () => {
  await channel?.deleteQueue(serviceQueue).catch(() => undefined);
  await channel?.deleteExchange(serviceExchange).catch(() => undefined);
  await connection?.close().catch(() => undefined);
});

test('delete two dead letters, redeliver the third, see the squad', async ({
  page,
  request,
}) => {
  await signIn(page, '/catalog/default/component/term-deposit');
  await page
    .getByRole('tab', { name: 'Dead letter', exact: true })
    .or(page.getByRole('link', { name: 'Dead letter', exact: true }))
    .first()
    .click();

  for (const id of messageIds) {
    await expect(row(page, id)).toBeVisible();
  }
  await expect(
    page.getByText('1-3 of 3').locator('visible=true'),
  ).toBeVisible();
  await expect(row(page, messageIds[0])).toContainText(serviceQueue);
  await expect(row(page, messageIds[0])).toContainText(routingKey);
  await expect(row(page, messageIds[0])).toContainText(correlationIds[0]);
  await expect(row(page, messageIds[0])).toContainText('insufficient funds');

  // The detail view: x-death names the queue the message died on.
  await row(page, messageIds[2]).getByText(correlationIds[2]).click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByTestId('dead-letter-x-death')).toContainText(
    serviceQueue,
  );
  await expect(detail.getByTestId('dead-letter-body')).toContainText(
    `"accountId": "acc-${run}"`,
  );
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toBeHidden();

  // Delete two.
  await row(page, messageIds[0]).getByRole('checkbox').check();
  await row(page, messageIds[1]).getByRole('checkbox').check();
  await expect(page.getByText('2 row(s) selected')).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm.getByText('Confirm deletion')).toBeVisible();
  await expect(confirm).toContainText(
    'This action is destructive and cannot be undone. You are about to delete 2 messages.',
  );
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(row(page, messageIds[0])).toHaveCount(0);
  await expect(row(page, messageIds[1])).toHaveCount(0);
  await expect(row(page, messageIds[2])).toBeVisible();
  await expect(
    page.getByText('1-1 of 1').locator('visible=true'),
  ).toBeVisible();

  // Redeliver the third.
  await row(page, messageIds[2]).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Redeliver', exact: true }).click();
  const redeliver = page.getByRole('dialog');
  await expect(redeliver.getByText('Confirm redelivery')).toBeVisible();
  await redeliver
    .getByRole('button', { name: 'Redeliver', exact: true })
    .click();
  await expect(
    page.getByText('Redelivered 1 message to their original queues.'),
  ).toBeVisible();
  await expect(row(page, messageIds[2])).toHaveCount(0);
  // Recent actions, from the audit trail (newest first; reruns add more).
  await expect(
    page.getByText('Redelivered 1 message in dev (succeeded)').first(),
  ).toBeVisible();
  await expect(
    page.getByText('Deleted 2 messages in dev (succeeded)').first(),
  ).toBeVisible();

  // It is back on the queue it died on.
  let arrived: amqp.GetMessage | false = false;
  await expect
    .poll(
      async () => {
        arrived = await channel.get(serviceQueue, { noAck: false });
        return arrived ? arrived.properties.messageId : undefined;
      },
      { timeout: 15_000 },
    )
    .toBe(messageIds[2]);

  // The consumer still fails on it: it dies again and is stored again.
  channel.nack(arrived as unknown as amqp.Message, false, false);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(row(page, messageIds[2])).toBeVisible();

  // The Dead Letter page counts it for the owning squad (plus whatever
  // other squad-gemini services hold in this portal's store).
  const overview = await (
    await api(request)
  ).get(`/dead-letters/squad-overview?environment=${ENVIRONMENT}`);
  const gemini = overview.items.find(
    (s: { squad: string }) => s.squad === 'group:default/squad-gemini',
  );
  expect(
    gemini.services.find(
      (s: { service: string }) => s.service === 'term-deposit',
    ).count,
  ).toBe(1);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Dead Letter', exact: true })
    .click();
  const squadRow = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'squad-gemini' }) });
  // Squad, services, messages.
  await expect(squadRow.getByRole('cell')).toHaveText([
    'squad-gemini',
    String(gemini.services.length),
    String(gemini.count),
  ]);
  await squadRow.getByRole('cell', { name: 'squad-gemini' }).click();
  const serviceRow = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'term-deposit', exact: true }),
  });
  await expect(serviceRow.getByRole('cell').nth(1)).toHaveText('1');
  await serviceRow
    .getByRole('link', { name: 'term-deposit', exact: true })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/term-deposit\/dead-letter$/,
  );
  await expect(row(page, messageIds[2])).toBeVisible();

  // The squad's own tab lists term-deposit with its count per environment.
  await page.goto('/catalog/default/group/squad-gemini/dead-letter');
  const groupRow = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'term-deposit', exact: true }),
  });
  await expect(groupRow.getByRole('cell')).toHaveText([
    'term-deposit',
    '1',
    '1',
  ]);
});

// The guest is a member of squad-gemini (auth.providers.guest): on another
// squad's service the default policy refuses delete and redeliver, and the
// tab says why instead of offering the buttons.
test("another squad's dead letters: visible, but not deletable or redeliverable", async ({
  page,
  request,
}) => {
  // bankaccount belongs to squad-mercury.
  const otherQueue = `dev-k8s-commandstreams_bankaccount_e2e${run}_bankaccount`;
  const otherId = `e2e-${run}-mercury`;
  await waitForEntity(request, { kind: 'component', name: 'bankaccount' });
  await channel.assertQueue(otherQueue, {
    durable: false,
    autoDelete: true,
    arguments: { 'x-dead-letter-exchange': deadLetterExchange },
  });
  channel.sendToQueue(otherQueue, Buffer.from('{"accountId":"a-1"}'), {
    messageId: otherId,
    contentType: 'application/json',
  });
  // bankaccount's consumer rejects it: it dies into the dead-letter exchange.
  let received: amqp.GetMessage | false = false;
  await expect
    .poll(
      async () => {
        received = await channel.get(otherQueue, { noAck: false });
        return received !== false;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  channel.nack(received as unknown as amqp.Message, false, false);
  const client = await api(request);
  await expect
    .poll(
      async () =>
        (
          await client.get(
            `/dead-letters?environment=${ENVIRONMENT}&service=bankaccount&q=${otherId}`,
          )
        ).totalCount,
      { timeout: 30_000 },
    )
    .toBe(1);
  const [{ id }] = (
    await client.get(
      `/dead-letters?environment=${ENVIRONMENT}&service=bankaccount&q=${otherId}`,
    )
  ).items;

  await signIn(page, '/catalog/default/component/bankaccount/dead-letter');
  await expect(row(page, otherId)).toBeVisible();
  await row(page, otherId).getByRole('checkbox').check();
  await expect(
    page.getByRole('button', { name: 'Delete', exact: true }),
  ).toBeDisabled();
  await expect(
    page.getByRole('button', { name: 'Redeliver', exact: true }),
  ).toBeDisabled();
  await expect(
    page.getByText(
      'You are not allowed to delete dead letters of bankaccount.',
    ),
  ).toBeVisible();

  // The API refuses too, and the message stays.
  const headers = await authHeaders(request);
  const refused = await request.delete('/api/dead-letter/dead-letters', {
    headers,
    data: { ids: [id] },
  });
  expect(refused.status()).toBe(403);
  const redeliver = await request.post(
    '/api/dead-letter/dead-letters/redeliver',
    { headers, data: { ids: [id] } },
  );
  expect(redeliver.status()).toBe(403);
  expect((await client.get(`/dead-letters/${id}`)).messageId).toBe(otherId);
});
