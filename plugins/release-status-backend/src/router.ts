import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi';
import { ReleaseStatusService } from './service/ReleaseStatusService';
import { SquadSecurityService } from './service/SquadSecurityService';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: ReleaseStatusService;
  security: Pick<SquadSecurityService, 'getSquadSecurity'>;
}): Promise<express.Router> {
  const { httpAuth, auditor, service, security } = options;
  const router = await createOpenApiRouter({
    // Credentials are checked by the framework's auth barrier and the routes;
    // the validator would answer a missing token with 400 instead of 401.
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

  router.get('/squads/:squad/security', async (req, res) => {
    res.json(
      await security.getSquadSecurity(req.params.squad, req.query.environment),
    );
  });

  // CI systems call this with a static token of backend.auth.externalAccess
  // (a service principal); users do not report releases.
  router.post('/releases', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const { service: name, environment, artifactId } = req.body;
    const auditorEvent = await auditor.createEvent({
      eventId: 'release-ingest',
      severityLevel: 'medium',
      request: req,
      meta: {
        caller: credentials.principal.subject,
        service: name,
        environment,
        artifactId,
      },
    });
    try {
      const result = await service.ingest(req.body);
      await auditorEvent.success({ meta: { created: result.created } });
      res.status(result.created ? 201 : 200).json(result);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
