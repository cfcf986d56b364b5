/**
 * A small single-node cluster at the edge of the network (k3s): metrics only. It shows that a
 * component change only affects the clusters that use it (`npx nx affected -t generate`).
 */
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'edge',
  title: 'Edge infrastructure',
  description: 'A single-node k3s box: k3s ships its own CNI and storage, fluxgen adds the metrics API.',
  chartSource: 'helm',
  components: [metricsServer({ kubelet: { insecureTLS: true } })],
});
