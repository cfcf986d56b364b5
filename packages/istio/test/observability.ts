/**
 * A stand-in for the observability components (Tempo, kube-prometheus-stack) in the istio tests:
 * it only publishes the endpoints istiod reads, so that the istio package does not depend on
 * another component package.
 */
import { defineComponent, Type } from '@fluxgen/core';

export const observability = defineComponent({
  name: 'observability',
  title: 'Observability',
  summary: 'Publishes an OTLP gRPC and a Prometheus endpoint',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'observability', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  facts: () => [
    { kind: 'endpoint', name: 'otlp-grpc', url: 'tempo.monitoring.svc.cluster.local:4317' },
    { kind: 'endpoint', name: 'prometheus', url: 'http://prometheus-operated.monitoring.svc.cluster.local:9090' },
  ],
});

/** Tempo with its query endpoint only. */
export const tempoQuery = defineComponent({
  name: 'tempo',
  title: 'Tempo',
  summary: 'Publishes the Tempo query endpoint',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'tempo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  facts: () => [{ kind: 'endpoint', name: 'tempo', url: 'http://tempo.monitoring.svc.cluster.local:3200' }],
});
