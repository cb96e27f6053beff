import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi';
import { DeadLetterService } from './types';

/** Query integers arrive as text; the spec has already checked their range. */
function int(value: unknown): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

/** The spec has checked the format (date-time). */
function date(value: string | undefined): Date | undefined {
  return value ? new Date(value) : undefined;
}

/** errorIsNull selects messages without an error; an empty error is no filter. */
function errorFilter(
  error: string | undefined,
  errorIsNull: unknown,
): string | null | undefined {
  if (errorIsNull === true || errorIsNull === 'true') {
    return null;
  }
  return error || undefined;
}

/** Parses, authenticates and delegates; the rules live in the service. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  deadLetters: DeadLetterService;
}): Promise<express.Router> {
  const { httpAuth, deadLetters } = options;
  const router = await createOpenApiRouter();
  // The typed router narrows query types; credentials only need the headers.
  const caller = (req: express.Request<any, any, any, any>) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/environments', async (req, res) => {
    await caller(req);
    res.json(await deadLetters.listEnvironments());
  });

  router.get('/dead-letters', async (req, res) => {
    const credentials = await caller(req);
    const q = req.query;
    res.json(
      await deadLetters.list(
        {
          environment: q.environment,
          service: q.service,
          queue: q.queue,
          q: q.q,
          error: errorFilter(q.error, q.errorIsNull),
          from: date(q.from),
          to: date(q.to),
          order: q.order === 'asc' ? 'asc' : 'desc',
          offset: int(q.offset),
          limit: int(q.limit),
        },
        credentials,
      ),
    );
  });

  router.get('/dead-letters/errors', async (req, res) => {
    const credentials = await caller(req);
    const q = req.query;
    res.json(
      await deadLetters.errors(
        {
          environment: q.environment,
          service: q.service,
          queue: q.queue,
          from: date(q.from),
          to: date(q.to),
        },
        credentials,
      ),
    );
  });

  router.get('/dead-letters/lookup', async (req, res) => {
    const credentials = await caller(req);
    res.json(await deadLetters.lookup(req.query.id, credentials));
  });

  router.delete('/dead-letters', async (req, res) => {
    const credentials = await caller(req);
    res.json(await deadLetters.delete(req.body.ids, credentials, req));
  });

  router.post('/dead-letters/redeliver', async (req, res) => {
    const credentials = await caller(req);
    res.json(await deadLetters.redeliver(req.body.ids, credentials, req));
  });

  router.post('/dead-letters/bulk', async (req, res) => {
    const credentials = await caller(req);
    res.status(202).json(await deadLetters.startBulk(req.body, credentials));
  });

  router.get('/dead-letters/bulk/:id', async (req, res) => {
    const credentials = await caller(req);
    res.json(await deadLetters.getBulk(req.params.id, credentials));
  });

  router.get('/dead-letters/trends', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await deadLetters.trends(
        req.query.environment || undefined,
        int(req.query.days) ?? 14,
        credentials,
      ),
    );
  });

  router.get('/dead-letters/service-overview', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await deadLetters.serviceOverview(req.query.environment, credentials),
    );
  });

  router.get('/dead-letters/squad-overview', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await deadLetters.squadOverview(req.query.environment, credentials),
    );
  });

  router.get('/dead-letters/audit', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await deadLetters.listAudit(
        {
          service: req.query.service,
          limit: int(req.query.limit),
        },
        credentials,
      ),
    );
  });

  router.get('/dead-letters/:id', async (req, res) => {
    const credentials = await caller(req);
    res.json(await deadLetters.get(req.params.id, credentials));
  });

  return router;
}
