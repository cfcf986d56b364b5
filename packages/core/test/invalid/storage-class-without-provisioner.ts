// rule: emitted objects match the schema of their kind: a StorageClass names its provisioner
// expect: OBJECT_INVALID demo/app/storageclass.yaml:provisioner
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  category: 'storage',
  objects: () => [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, reclaimPolicy: 'Delete' }],
  provides: () => ({ 'storage-class': ['fast'] }),
});

export default defineCluster({ name: 'fixture', components: [demo()] });
