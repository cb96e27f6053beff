import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi';
import { DeploymentsService } from './service/DeploymentsService';
import { SquadOverviewService } from './service/SquadOverviewService';
import { PagerDutyOnCall } from './sources/PagerDutyOnCall';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: SquadOverviewService;
  onCall: PagerDutyOnCall;
  deployments: DeploymentsService;
}): Promise<express.Router> {
  const { httpAuth, service, onCall, deployments } = options;
  const router = await createOpenApiRouter({
    // Credentials are checked by the framework's auth barrier and the routes;
    // the validator would answer a missing token with 400 instead of 401.
    validatorOptions: { validateSecurity: false },
  });

  router.get('/squads/:namespace/:name/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = req.params;
    res.json(await service.getServices(namespace, name, credentials));
  });

  router.get('/squads/:namespace/:name/pull-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = req.params;
    res.json(
      await service.getPullRequests(namespace, name, req.query.q, credentials),
    );
  });

  router.get('/squads/:namespace/:name/pulse', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = req.params;
    res.json(
      await service.getPulse(
        namespace,
        name,
        { before: req.query.before, limit: req.query.limit },
        credentials,
      ),
    );
  });

  router.get('/squads/:namespace/:name/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = req.params;
    // The validator has checked that `since` is a date-time.
    const since = req.query.since ? Date.parse(req.query.since) : undefined;
    res.json(
      await deployments.getDeployments(namespace, name, credentials, since),
    );
  });

  router.get('/on-call/:serviceId', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await onCall.getOnCall(req.params.serviceId));
  });

  return router;
}
