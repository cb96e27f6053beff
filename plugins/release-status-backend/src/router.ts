import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi';
import { ReleaseStatusService } from './service/ReleaseStatusService';

function matchesStaticToken(req: express.Request, tokens: string[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) {
    return false;
  }
  const given = Buffer.from(match[1]);
  return tokens.some(token => {
    const expected = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: ReleaseStatusService;
  ingestTokens: string[];
}): Promise<express.Router> {
  const { httpAuth, service, ingestTokens } = options;
  const router = await createOpenApiRouter({
    // Credentials are checked by the framework's auth barrier and, for
    // POST /releases, by the route itself; the validator would answer a
    // missing token with 400 instead of 401.
    validatorOptions: { validateSecurity: false },
  });

  router.get('/environments', async (_req, res) => {
    res.json({ environments: service.getEnvironments() });
  });

  router.get('/services/:service/status', async (req, res) => {
    res.json(await service.getStatus(req.params.service));
  });

  router.get('/services/:service/history', async (req, res) => {
    res.json(
      await service.getHistory(req.params.service, {
        environment: req.query.environment,
        limit: req.query.limit,
      }),
    );
  });

  router.get('/services/:service/drift', async (req, res) => {
    res.json(await service.getServiceDrift(req.params.service));
  });

  router.get('/squads/:squad/drift', async (req, res) => {
    res.json(await service.getSquadDrift(req.params.squad));
  });

  // Opened to unauthenticated callers in the plugin so that CI systems can
  // use a static token; everyone else needs a Backstage service token.
  router.post('/releases', async (req, res) => {
    if (!matchesStaticToken(req, ingestTokens)) {
      if (!req.headers.authorization) {
        throw new AuthenticationError('Missing ingest token');
      }
      await httpAuth.credentials(req, { allow: ['service'] });
    }
    const result = await service.ingest(req.body);
    res.status(result.created ? 201 : 200).json(result);
  });

  return router;
}
