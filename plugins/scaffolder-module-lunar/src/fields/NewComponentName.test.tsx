import { fireEvent, render, screen } from '@testing-library/react';
import { ApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  NewComponentNameInput,
  validateNewComponentName,
} from './NewComponentName';

type FieldValidation = Parameters<CustomFieldValidator<string>>[1];

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'card-clearing', namespace: 'default' },
      spec: { type: 'service', owner: 'squad-ranger' },
    },
  ],
});
const apiHolder: ApiHolder = {
  get: ref => (ref.id === catalogApiRef.id ? catalogApi : undefined) as any,
};

async function errorsFor(value: string) {
  const errors: string[] = [];
  const validation = {
    addError: (message: string) => errors.push(message),
  } as FieldValidation;
  await validateNewComponentName(value, validation, { apiHolder });
  return errors;
}

describe('NewComponentName', () => {
  it('accepts a free, well-formed name', async () => {
    expect(await errorsFor('card-rewards')).toEqual([]);
  });

  it('refuses a name a component in the catalog has, naming its owner', async () => {
    expect(await errorsFor('card-clearing')).toEqual([
      "A component named 'card-clearing' already exists (owned by squad-ranger). Choose another name.",
    ]);
  });

  it.each(['Card', 'card_rewards', '1card', '-card', 'a'.repeat(64)])(
    'refuses the badly formed %s',
    async name => {
      expect(await errorsFor(name)).toEqual([
        expect.stringMatching(/^Use lowercase letters/),
      ]);
    },
  );

  it('renders a text field that reports what is typed', () => {
    const onChange = jest.fn();
    const props = {
      onChange,
      required: true,
      schema: { title: 'Name', description: 'Unique name of the service.' },
      rawErrors: [],
      formData: '',
      uiSchema: {},
      idSchema: { $id: 'root_name' },
    } as unknown as FieldExtensionComponentProps<string>;
    render(<NewComponentNameInput {...props} />);
    expect(screen.getByText('Unique name of the service.')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'card-rewards' },
    });
    expect(onChange).toHaveBeenCalledWith('card-rewards');
  });
});
