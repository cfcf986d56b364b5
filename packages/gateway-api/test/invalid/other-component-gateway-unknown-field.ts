// rule: Gateway API objects of any component take only the fields of the vendored CRDs (`hostName` is a typo of `hostname`)
// expect: OBJECT_INVALID lab-gateway/app/gateway.yaml:spec.listeners[0].hostName
import { defineCluster, defineComponent, Type } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

/** A Gateway written as an object by another component instead of through gatewayApi's typed `gateways`. */
const labGateway = defineComponent({
  name: 'lab-gateway',
  title: 'Lab gateway',
  summary: 'A Gateway for the lab',
  category: 'networking',
  namespace: 'kube-system',
  chart: { name: 'lab-gateway', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  needs: () => ({ crd: ['gateway.networking.k8s.io'] }),
  objects: (_v, ctx) => [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'lab', namespace: ctx.namespace },
      spec: {
        gatewayClassName: 'cilium',
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80, hostName: '*.lab.example.com' }],
      },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [gatewayApi(), labGateway()] });
