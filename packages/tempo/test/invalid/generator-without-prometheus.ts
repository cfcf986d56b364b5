// rule: the metrics generator needs somewhere to remote-write: a `prometheus` endpoint in the cluster or remoteWriteUrl
// expect: VALUE_MISSING metricsGenerator.remoteWriteUrl
import { defineCluster } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

export default defineCluster({ name: 'fixture', components: [tempo({ metricsGenerator: { enabled: true } })] });
