import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi';
import { toCsv } from './service/csv';
import { DatabaseAccessService } from './types';

function date(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function int(value: unknown): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

/** Parses, authenticates and delegates; the rules live in the service. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: DatabaseAccessService;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = await createOpenApiRouter();
  const caller = (req: express.Request<any, any, any, any>) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const userCaller = (req: express.Request<any, any, any, any>) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/environments', async (req, res) => {
    await caller(req);
    res.json(await service.listEnvironments());
  });

  router.get('/requests', async (req, res) => {
    const credentials = await userCaller(req);
    const q = req.query;
    res.json(
      await service.list(
        {
          view: (q.view || 'mine') as 'mine' | 'awaiting-me' | 'all',
          database: q.database || undefined,
          environment: q.environment || undefined,
          status: q.status || undefined,
          limit: int(q.limit),
        },
        credentials,
      ),
    );
  });

  router.post('/requests', async (req, res) => {
    const credentials = await userCaller(req);
    res.status(201).json(await service.create(req.body, credentials));
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await userCaller(req);
    res.json(await service.get(req.params.id, credentials));
  });

  router.post('/requests/:id/approve', async (req, res) => {
    const credentials = await userCaller(req);
    res.json(
      await service.approve(req.params.id, req.body?.comment, credentials),
    );
  });

  router.post('/requests/:id/reject', async (req, res) => {
    const credentials = await userCaller(req);
    res.json(await service.reject(req.params.id, req.body.reason, credentials));
  });

  router.post('/requests/:id/revoke', async (req, res) => {
    const credentials = await userCaller(req);
    res.json(
      await service.revoke(req.params.id, req.body?.reason, credentials),
    );
  });

  router.post('/requests/:id/credentials', async (req, res) => {
    const credentials = await userCaller(req);
    res.json(await service.issueCredentials(req.params.id, credentials));
  });

  router.get('/audit', async (req, res) => {
    const credentials = await caller(req);
    const q = req.query;
    const items = await service.audit(
      {
        database: q.database || undefined,
        environment: q.environment || undefined,
        actor: q.actor || undefined,
        action: q.action || undefined,
        from: date(q.from),
        to: date(q.to),
        limit: int(q.limit),
      },
      credentials,
    );
    if (q.format === 'csv') {
      res
        .type('text/csv')
        .attachment('database-access-audit.csv')
        // CSV is not the typed JSON body the spec's router checks.
        .end(
          toCsv(items, [
            'at',
            'actor',
            'action',
            'requestId',
            'database',
            'environment',
            'level',
            'reason',
            'detail',
          ]),
        );
      return;
    }
    res.json({ items });
  });

  router.get('/access-history', async (req, res) => {
    const credentials = await caller(req);
    const q = req.query;
    const items = await service.history(
      {
        database: q.database || undefined,
        environment: q.environment || undefined,
        user: q.user || undefined,
        from: date(q.from),
        to: date(q.to),
        limit: int(q.limit),
      },
      credentials,
    );
    if (q.format === 'csv') {
      res
        .type('text/csv')
        .attachment('database-access-history.csv')
        .end(
          toCsv(items, [
            'user',
            'database',
            'environment',
            'level',
            'from',
            'until',
            'endedBy',
            'endReason',
            'reason',
            'role',
            'requestId',
          ]),
        );
      return;
    }
    res.json({ items });
  });

  return router;
}
