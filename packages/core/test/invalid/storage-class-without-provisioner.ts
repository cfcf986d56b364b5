// rule: emitted objects match the schema of their kind: a StorageClass names its provisioner
// expect: OBJECT_INVALID demo/app/storageclass.yaml:provisioner
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits a StorageClass without a provisioner',
  category: 'storage',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: () => [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, reclaimPolicy: 'Delete' }],
  provides: () => ['storage-class:fast'],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
