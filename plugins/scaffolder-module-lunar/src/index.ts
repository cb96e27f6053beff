/**
 * Form fields of the Lunar software templates (templates/), added to the
 * scaffolder's Create page.
 *
 * @packageDocumentation
 */
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: NewComponentName`: a name no Component in the catalog has. */
export const newComponentNameFormField = FormFieldBlueprint.make({
  name: 'new-component-name',
  params: {
    field: () =>
      import('./fields/NewComponentName').then(m => m.NewComponentNameField),
  },
});

export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [newComponentNameFormField],
});
