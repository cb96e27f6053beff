import { LoggerService } from '@backstage/backend-plugin-api';
import { PulseRecorder } from '../service/PulseRecorder';
import {
  SOURCE_TEMPLATE_ANNOTATION,
  SquadDirectory,
} from '../service/SquadDirectory';

/**
 * Polls the catalog for components created from a template (the scaffolder
 * emits no event when a component it created is registered). The first poll
 * after start only learns what exists; later ones record new components.
 */
export function createTemplateCreationPoller(options: {
  directory: SquadDirectory;
  recorder: PulseRecorder;
  logger: LoggerService;
}): () => Promise<void> {
  const { directory, recorder, logger } = options;
  let known: Set<string> | undefined;
  return async () => {
    const items = await directory.listTemplated();
    const uids = new Set(items.map(i => i.entity.metadata.uid ?? i.service));
    if (!known) {
      known = uids;
      return;
    }
    for (const item of items) {
      const uid = item.entity.metadata.uid ?? item.service;
      if (known.has(uid)) continue;
      const template =
        item.entity.metadata.annotations?.[SOURCE_TEMPLATE_ANNOTATION] ?? '';
      await recorder.record({
        sourceId: `service-created:${uid}`,
        squad: item.squad,
        service: item.service,
        kind: 'service-created',
        summary: `${item.service} created from the template ${template.replace(
          /^template:(default\/)?/,
          '',
        )}`,
        url: `/catalog/${
          item.entity.metadata.namespace ?? 'default'
        }/component/${item.service}`,
        at: Date.now(),
      });
    }
    known = uids;
    logger.debug(`Template creations: ${items.length} templated components`);
  };
}
