import { ChangeEvent } from 'react';
import TextField from '@material-ui/core/TextField';
import { ApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';

type FieldValidation = Parameters<CustomFieldValidator<string>>[1];

/** What our templates accept as a name: also a repository and k8s name. */
export const NEW_COMPONENT_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Refuses a badly formed name, and a name a Component in the catalog already
 * has, with a message under the field (runs when the user presses Next).
 */
export async function validateNewComponentName(
  value: string | undefined,
  validation: FieldValidation,
  context: { apiHolder: ApiHolder },
) {
  if (!value) return;
  if (!NEW_COMPONENT_NAME.test(value) || value.length > 63) {
    validation.addError(
      'Use lowercase letters, digits and dashes, starting with a letter (at most 63 characters).',
    );
    return;
  }
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const existing = await catalogApi.getEntityByRef({
    kind: 'Component',
    namespace: 'default',
    name: value,
  });
  if (existing) {
    const owner = (existing.spec as { owner?: string } | undefined)?.owner;
    validation.addError(
      `A component named '${value}' already exists${
        owner ? ` (owned by ${owner})` : ''
      }. Choose another name.`,
    );
  }
}

export function NewComponentNameInput(
  props: FieldExtensionComponentProps<string>,
) {
  const {
    onChange,
    required,
    schema: { title = 'Name', description = 'Unique name of the component.' },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
    placeholder,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={placeholder}
      helperText={description}
      required={required}
      value={formData ?? ''}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0}
      inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] }}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
}

export const NewComponentNameField = createFormField({
  name: 'NewComponentName',
  component: NewComponentNameInput,
  validation: validateNewComponentName,
});
