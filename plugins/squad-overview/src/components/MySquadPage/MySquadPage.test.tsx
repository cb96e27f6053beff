import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { renderWithApis, squadGemini } from '../../__testUtils__/fakeBackend';
import { MySquadPage } from './MySquadPage';

const squad = (name: string, type = 'squad'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', description: `${name} things` },
  spec: { type, children: [] },
});

const user: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'demo-developer', namespace: 'default' },
  spec: {},
  relations: [{ type: 'memberOf', targetRef: 'group:default/squad-nasa' }],
};

const page = (
  <Routes>
    <Route path="/my-squad" element={<MySquadPage />} />
    <Route
      path="/catalog/:namespace/group/:name"
      element={<div>Overview of the squad</div>}
    />
  </Routes>
);

describe('MySquadPage', () => {
  it("opens the user's only squad", async () => {
    await renderWithApis(page, {
      url: '/my-squad',
      identity: {
        userEntityRef: 'user:default/nobody',
        ownershipEntityRefs: [
          'user:default/nobody',
          'group:default/squad-gemini',
        ],
      },
      catalogEntities: [squadGemini, squad('tribe-banking', 'tribe')],
    });
    expect(
      await screen.findByText('Overview of the squad'),
    ).toBeInTheDocument();
  });

  it('asks which squad when the user is in several', async () => {
    await renderWithApis(page, {
      url: '/my-squad',
      identity: {
        userEntityRef: 'user:default/demo-developer',
        ownershipEntityRefs: [
          'user:default/demo-developer',
          'group:default/squad-gemini',
          'group:default/tribe-banking',
        ],
      },
      catalogEntities: [
        squadGemini,
        squad('squad-nasa'),
        squad('tribe-banking', 'tribe'),
        user,
      ],
    });
    expect(
      await screen.findByText('You are in several squads: which one?'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Squad Gemini' })).toHaveAttribute(
      'href',
      '/catalog/default/group/squad-gemini',
    );
    expect(screen.getByRole('link', { name: 'squad-nasa' })).toHaveAttribute(
      'href',
      '/catalog/default/group/squad-nasa',
    );
    expect(screen.queryByRole('link', { name: 'tribe-banking' })).toBeNull();
  });

  it('says so when the user is in no squad', async () => {
    await renderWithApis(page, {
      url: '/my-squad',
      identity: {
        userEntityRef: 'user:default/nobody',
        ownershipEntityRefs: [
          'user:default/nobody',
          'group:default/tribe-banking',
        ],
      },
      catalogEntities: [squad('tribe-banking', 'tribe')],
    });
    expect(
      await screen.findByText('You are not in a squad'),
    ).toBeInTheDocument();
  });
});
