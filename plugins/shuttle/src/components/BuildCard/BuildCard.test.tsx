import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { BuildCard } from './BuildCard';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fx-gateway', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'squad-orion' },
});

const render = (e: Entity) =>
  renderInTestApp(
    <EntityProvider entity={e}>
      <BuildCard />
    </EntityProvider>,
  );

describe('BuildCard', () => {
  it('shows a git plan with a link, its ref and the vars', async () => {
    await render(
      entity({
        'lunar.app/shuttle-plan-kind': 'git',
        'lunar.app/shuttle-plan':
          'git://git@github.com:lunarway/lw-shuttle-go-plan.git',
        'lunar.app/shuttle-plan-ref': 'v3.4.1',
        'lunar.app/shuttle-service': 'fx-gateway',
        'lunar.app/shuttle-vars': JSON.stringify({
          squad: 'orion',
          db: true,
          ingress: false,
          k8s: { namespace: 'markets' },
        }),
        'lunar.app/shuttle-file':
          'https://github.com/lunarway/fx-gateway/blob/main/shuttle.yaml',
      }),
    );
    expect(screen.getByText('Build')).toBeInTheDocument();
    const link = screen.getByRole('link', {
      name: /^git:\/\/git@github.com:lunarway\/lw-shuttle-go-plan.git/,
    });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/lunarway/lw-shuttle-go-plan/tree/v3.4.1',
    );
    expect(screen.getByText('v3.4.1')).toBeInTheDocument();
    expect(screen.getByText('orion')).toBeInTheDocument();
    expect(screen.getByText('markets')).toBeInTheDocument();
    // Switches read as written in shuttle.yaml
    expect(screen.getByRole('row', { name: 'db true' })).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: 'ingress false' }),
    ).toBeInTheDocument();
    expect(screen.getByText('View shuttle.yaml')).toBeInTheDocument();
  });

  it('shows a planless repo and its local scripts', async () => {
    await render(
      entity({
        'lunar.app/shuttle-plan-kind': 'none',
        'lunar.app/shuttle-scripts': 'plan,apply',
        'lunar.app/shuttle-vars': '{"squad":"hubble"}',
      }),
    );
    expect(screen.getByText('No plan (plan: false)')).toBeInTheDocument();
    expect(screen.getByText('plan, apply')).toBeInTheDocument();
  });

  it('shows a broken shuttle.yaml as an error', async () => {
    await render(
      entity({
        'lunar.app/shuttle-problems': JSON.stringify([
          {
            level: 'error',
            message: 'shuttle.yaml has unknown top-level key "variables"',
          },
        ]),
      }),
    );
    expect(
      screen.getByText(/shuttle.yaml could not be used/),
    ).toBeInTheDocument();
    // The reason is shown, not folded away behind the panel's title
    expect(screen.getByText(/unknown top-level key "variables"/)).toBeVisible();
  });

  it('shows warnings such as an owner disagreement next to the data', async () => {
    await render(
      entity({
        'lunar.app/shuttle-plan-kind': 'local',
        'lunar.app/shuttle-plan': '../lw-shuttle-go-plan',
        'lunar.app/shuttle-problems': JSON.stringify([
          {
            level: 'warning',
            message: 'Owner disagreement: catalog-info.yaml says squad-juno',
          },
        ]),
      }),
    );
    expect(screen.getByText(/shuttle.yaml: 1 warning/)).toBeInTheDocument();
    expect(screen.getByText(/Owner disagreement/)).toBeInTheDocument();
    expect(
      screen.getByText('../lw-shuttle-go-plan (local path)'),
    ).toBeInTheDocument();
    expect(screen.getByText('shuttle.yaml has no vars.')).toBeInTheDocument();
  });
});
