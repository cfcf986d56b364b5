// rule: a storage volume needs a size
// expect: VALUE_MISSING prometheus.storage.size
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [
    prometheusOperatorCrds(),
    // @ts-expect-error `size` is required
    kubePrometheusStack({ prometheus: { storage: { storageClass: 'longhorn' } } }),
  ],
});
