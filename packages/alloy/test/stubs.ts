/**
 * Stand-ins for the components Alloy reads facts from (Loki, a trace store, Reloader, a Prometheus
 * Operator), so that the alloy package does not depend on other component packages. Each publishes
 * only the facts a real one would.
 */
import { defineComponent, Type, type Fact } from '@fluxgen/core';

const stub = (name: string, facts: () => readonly Fact[]) =>
  defineComponent({
    name,
    title: name,
    summary: `Publishes what ${name} would`,
    category: 'observability',
    namespace: 'monitoring',
    podSecurity: 'restricted',
    chart: { name, version: '1.0.0', repository: 'https://charts.example.com' },
    docs: [],
    values: Type.Object({}),
    facts,
  });

/** Loki, monolithic, gateway off: query and push base URL. */
export const lokiStub = stub('loki', () => [{ kind: 'endpoint', name: 'loki', url: 'http://loki.monitoring.svc.cluster.local:3100' }]);

/** Tempo's OTLP gRPC receiver. */
export const tempoStub = stub('tempo', () => [{ kind: 'endpoint', name: 'otlp-grpc', url: 'tempo.monitoring.svc.cluster.local:4317' }]);

/** A Prometheus Operator watching every namespace. */
export const collectorStub = stub('prometheus', () => [{ kind: 'metrics-collector', namespace: 'monitoring' }]);

/** Reloader watching every namespace. */
export const restarterStub = stub('reloader', () => [
  { kind: 'workload-restarter', annotation: 'reloader.stakater.com/auto', value: 'true', namespaces: [] },
]);
