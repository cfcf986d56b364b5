// rule: a custom resource uses an API version its vendored CRD serves (CiliumL2AnnouncementPolicy is still cilium.io/v2alpha1 in Cilium 1.20; only the IP pool moved to v2)
// expect: OBJECT_INVALID lan-l2/app/ciliuml2announcementpolicy.yaml:apiVersion
import { cilium } from '@fluxgen/cilium';
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

/** An L2 announcement policy written as an object by another component, on the pool's API version. */
const lanL2 = defineComponent({
  name: 'lan-l2',
  title: 'LAN L2',
  summary: 'Announces LoadBalancer IPs on the LAN',
  category: 'networking',
  namespace: 'kube-system',
  chart: { name: 'lan-l2', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  needs: () => ({ crd: ['cilium.io'] }),
  objects: () => [
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumL2AnnouncementPolicy',
      metadata: { name: 'lan' },
      spec: { loadBalancerIPs: true, interfaces: ['^eth[0-9]+'] },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [cilium({ l2Announcements: { enabled: true } }), lanL2()] });
