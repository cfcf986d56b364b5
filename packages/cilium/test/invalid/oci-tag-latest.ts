// rule: the chart version is exact; an OCI tag `latest` changes what runs without a commit
// expect: POLICY_VERSION_NOT_PINNED version
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ version: 'latest' })],
});
