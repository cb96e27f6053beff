import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';
import {
  isGrpcApi,
  readPersonalDataAnnotations,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/**
 * The stock search document of an entity; for a gRPC API with personal data
 * the text also says so and names the messages, so searching for
 * "personal data" or a message name finds the API.
 */
export const personalDataEntityTransformer: CatalogCollatorEntityTransformer =
  entity => {
    const document = defaultCatalogCollatorEntityTransformer(entity);
    const personalData = isGrpcApi(entity)
      ? readPersonalDataAnnotations(entity)
      : undefined;
    if (!personalData || personalData.fields === 0) {
      return document;
    }
    const summary = `Carries personal data: ${personalData.fields} field${
      personalData.fields === 1 ? '' : 's'
    } in ${personalData.messages.join(', ')}`;
    return {
      ...document,
      text: document.text ? `${document.text} : ${summary}` : summary,
    };
  };
