// rule: a custom resource matches the types of its vendored CRD (RecurringJob `spec.parameters` values are strings)
// expect: OBJECT_INVALID longhorn-jobs/app/recurringjob.yaml:spec.parameters.full-backup-interval
import { defineCluster, defineComponent, Type } from '@fluxgen/core';
import { longhorn } from '@fluxgen/longhorn';

/** A recurring backup written as an object by another component, with the interval as a YAML number. */
const longhornJobs = defineComponent({
  name: 'longhorn-jobs',
  title: 'Longhorn jobs',
  summary: 'Extra recurring jobs',
  category: 'storage',
  namespace: 'longhorn-system',
  chart: { name: 'longhorn-jobs', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  needs: () => ({ crd: ['longhorn.io'] }),
  objects: (_v, ctx) => [
    {
      apiVersion: 'longhorn.io/v1beta2',
      kind: 'RecurringJob',
      metadata: { name: 'backup-weekly', namespace: ctx.namespace },
      spec: {
        name: 'backup-weekly',
        task: 'backup',
        cron: '0 4 * * 0',
        retain: 4,
        concurrency: 1,
        groups: ['default'],
        parameters: { 'full-backup-interval': 4 },
      },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [longhorn(), longhornJobs()] });
