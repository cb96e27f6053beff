import { InfoCard } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { OnCallDetails } from '../shared/OnCallDetails';
import { useOnCall } from '../shared/useOnCall';

/** Who is on call for the squad now, from PagerDuty. */
export const OnCallCard = (props: { entity: Entity }) => {
  const onCall = useOnCall(props.entity);
  return (
    <InfoCard title="On call">
      <OnCallDetails onCall={onCall} />
    </InfoCard>
  );
};
