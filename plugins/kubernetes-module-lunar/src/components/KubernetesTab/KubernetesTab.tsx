import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Router as StockKubernetesContent } from '@backstage/plugin-kubernetes';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useClusters } from './useClusters';

const EXAMPLE_CONFIG = `kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: prod
          url: \${K8S_PROD_URL}
          authProvider: serviceAccount
          serviceAccountToken: \${K8S_PROD_TOKEN}
        # dev and staging likewise (see app-config.production.yaml)`;

const useStyles = makeStyles(theme => ({
  example: {
    margin: 0,
    padding: theme.spacing(2),
    overflowX: 'auto',
    fontSize: '0.85rem',
    backgroundColor: theme.palette.background.default,
    color: theme.palette.text.primary,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

const NoCluster = (props: { name: string }) => {
  const classes = useStyles();
  return (
    <EmptyState
      missing="field"
      title="No Kubernetes cluster configured"
      description={`This portal's Kubernetes backend has no cluster to ask for the pods of ${props.name}. Add one cluster per environment under kubernetes.clusterLocatorMethods in app-config.yaml, each with a service-account token from the environment (read access to pods, deployments, replica sets, events and pod metrics), and restart the portal.`}
      action={
        <Box>
          <Typography variant="subtitle2" component="p" gutterBottom>
            For example:
          </Typography>
          <pre className={classes.example}>{EXAMPLE_CONFIG}</pre>
        </Box>
      }
    />
  );
};

/**
 * The Kubernetes tab: the stock pod view of `@backstage/plugin-kubernetes`
 * when the backend has clusters, else what to configure.
 */
export const KubernetesTab = () => {
  const { entity } = useEntity();
  const { value, loading, error } = useClusters();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.configured) return <NoCluster name={entity.metadata.name} />;
  return <StockKubernetesContent />;
};
