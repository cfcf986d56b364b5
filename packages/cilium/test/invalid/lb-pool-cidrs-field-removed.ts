// rule: a custom resource takes only the fields its vendored CRD declares (CiliumLoadBalancerIPPool lost `spec.cidrs` in Cilium 1.16; it is `blocks`)
// expect: OBJECT_INVALID lan-pools/app/ciliumloadbalancerippool.yaml:spec.cidrs
import { cilium } from '@fluxgen/cilium';
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

/** LB IPAM pools written as objects by another component, in a pre-1.16 manifest's shape. */
const lanPools = defineComponent({
  name: 'lan-pools',
  title: 'LAN pools',
  summary: 'LoadBalancer IP pools of the LAN',
  category: 'networking',
  namespace: 'kube-system',
  chart: { name: 'lan-pools', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  needs: () => ({ crd: ['cilium.io'] }),
  objects: () => [
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumLoadBalancerIPPool',
      metadata: { name: 'lan' },
      spec: { cidrs: [{ cidr: '192.168.1.240/28' }] },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [cilium({ l2Announcements: { enabled: true } }), lanPools()] });
