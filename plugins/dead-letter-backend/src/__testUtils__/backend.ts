import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import type { Server } from 'node:http';
import { Knex } from 'knex';
import { deadLetterPlugin } from '../plugin';

export const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'term-deposit', namespace: 'default' },
    spec: { type: 'service', owner: 'squad-nasa' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-nasa' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'accounts', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/squad-gemini' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-gemini' }],
  },
];

/** The plugin on a test backend with the given database, config and permissions. */
export async function start(options: {
  knex: Knex;
  environments?: JsonObject;
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
  /** Allows read only on these entity refs. */
  readable?: string[];
}): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      deadLetterPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          deadLetter: {
            logLinkTemplate: 'https://logs.example.com/?q={correlationId}',
            maxBodyBytes: 64,
            ...(options.environments
              ? { environments: options.environments }
              : {}),
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      ...(options.permission
        ? [mockServices.permissions.factory({ result: options.permission })]
        : []),
      ...(options.auditor ? [options.auditor.factory] : []),
      ...(options.readable
        ? [
            mockServices.permissions.mock({
              authorize: async requests =>
                requests.map(r => ({
                  result: options.readable!.includes(
                    (r as { resourceRef?: string }).resourceRef ?? '',
                  )
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
                })),
            }).factory,
          ]
        : []),
    ],
  });
  return server;
}
