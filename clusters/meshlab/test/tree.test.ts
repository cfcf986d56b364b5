/**
 * The committed meshlab tree (seed 002): it matches cluster.ts, every kustomization builds, and
 * the apply order is right: CRDs before their users, Istio base → istiod → cni → ztunnel, and
 * OpenEBS before every user of its StorageClass.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCluster } from '@fluxgen/core';
import { committedTree, doc, kustomizeTests } from '@fluxgen/core/testing';
import meshlab from '../cluster.js';

const tree = fileURLToPath(new URL('../flux/infra/', import.meta.url));
const { files, model } = renderCluster(meshlab, { dir: 'clusters/meshlab' });
const after = (name: string) => model.components.find((c) => c.name === name)!.dependsOn.map((d) => d.name);
const units = (name: string) => model.graph.dependsOn.get(name)?.map((d) => d.name) ?? [];


describe('clusters/meshlab', () => {
  it('the committed tree is exactly what cluster.ts renders', () => {
    const onDisk = committedTree(tree);
    expect([...onDisk.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(onDisk.get(path), path).toBe(text);
  });

  it('has every component of seed 002, in the namespaces the seed names', () => {
    const ns = Object.fromEntries(model.components.map((c) => [c.name, c.namespace]));
    expect(ns).toMatchObject({
      cilium: 'kube-system',
      coredns: 'kube-system',
      'metrics-server': 'kube-system',
      reloader: 'kube-system',
      spegel: 'kube-system',
      'istio-base': 'istio-system',
      istiod: 'istio-system',
      'istio-cni': 'istio-system',
      ztunnel: 'istio-system',
      'kube-prometheus-stack': 'monitoring',
      openebs: 'openebs-system',
      'cert-manager': 'cert-manager',
      'external-dns': 'external-dns',
      grafana: 'monitoring',
      loki: 'monitoring',
      tempo: 'monitoring',
      alloy: 'monitoring',
      'dragonfly-operator': 'dragonfly-operator-system',
    });
  });

  it('orders CRDs before their users, Istio in its order, OpenEBS before the users of its StorageClass', () => {
    expect(after('istiod')).toContain('istio-base');
    expect(after('istio-cni')).toContain('istiod');
    expect(after('ztunnel')).toContain('istio-cni');
    expect(after('cilium')).toEqual(expect.arrayContaining(['gateway-api', 'prometheus-operator-crds']));
    expect(after('kube-prometheus-stack')).toEqual(expect.arrayContaining(['openebs', 'prometheus-operator-crds', 'gateway-api']));
    expect(after('cert-manager')).toContain('gateway-api');
    // The Gateway waits for cert-manager, whose Certificate makes its Secret; the issuers wait for cert-manager.
    expect(units('gateway-api-config')).toContain('cert-manager');
    expect(units('cert-manager-config')).toContain('cert-manager');
    const order = model.components.map((c) => c.name);
    expect(order.indexOf('istio-base')).toBeLessThan(order.indexOf('istiod'));
    expect(order.indexOf('istiod')).toBeLessThan(order.indexOf('istio-cni'));
    expect(order.indexOf('istio-cni')).toBeLessThan(order.indexOf('ztunnel'));
  });

  it('upgrades Istio in order too: each member waits for the previous one at the same chart version (readyExpr)', () => {
    for (const [member, previous] of [['istiod', 'istio-base'], ['istio-cni', 'istiod'], ['ztunnel', 'istio-cni']] as const) {
      const release = doc(files, `${member}/app/helmrelease.yaml`)['spec'];
      const dep = (release.dependsOn as { name: string; readyExpr?: string }[]).find((d) => d.name === previous)!;
      expect(dep.readyExpr, member).toContain('1.30.3');
    }
  });

  it('runs Cilium beside the ambient mesh with the derived values', () => {
    const values = doc(files, 'cilium/app/helmrelease.yaml')['spec'].values;
    expect(values).toMatchObject({ cni: { exclusive: false }, socketLB: { hostNamespaceOnly: true }, bpf: { hostLegacyRouting: true } });
  });

  it('wires the observability stack from the facts: Istio and Alloy to Tempo, Alloy to Loki, Tempo\'s cache on a Dragonfly', () => {
    const meshConfig = doc(files, 'istiod/app/helmrelease.yaml')['spec'].values.meshConfig;
    expect(meshConfig.extensionProviders).toContainEqual({ name: 'otel-tracing', opentelemetry: { service: 'tempo.monitoring.svc.cluster.local', port: 4317 } });
    expect(files.get('alloy/app/helmrelease.yaml')).toContain('url = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push"');
    expect(doc(files, 'tempo/app/dragonfly.yaml')).toMatchObject({ kind: 'Dragonfly', metadata: { name: 'dragonfly-tempo', namespace: 'monitoring' }, spec: { memcachedPort: 11211 } });
    expect(files.get('tempo/app/helmrelease.yaml')).toContain('addresses: dns+dragonfly-tempo.monitoring.svc.cluster.local:11211');
    // The operator (and its CRD) before Tempo's Dragonfly; OpenEBS (the default class) before every volume.
    expect(after('tempo')).toEqual(expect.arrayContaining(['dragonfly-operator', 'openebs']));
    expect(after('loki')).toContain('openebs');
  });

  it('derives kube-prometheus-stack\'s side of the stack: no bundled Grafana beside the standalone one, a remote-write receiver for Tempo', () => {
    const kps = doc(files, 'kube-prometheus-stack/app/helmrelease.yaml')['spec'].values;
    expect(kps.grafana).toMatchObject({ enabled: false, forceDeployDashboards: true });
    expect(kps.prometheus.prometheusSpec.enableRemoteWriteReceiver).toBe(true);
    expect(files.get('tempo/app/helmrelease.yaml')).toContain('http://prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write');
    // Istio's metrics go to that Prometheus: the Envoy PodMonitor and istiod's metrics provider.
    expect(files.get('kube-prometheus-stack/app/podmonitor.yaml')).toContain('http-envoy-prom');
  });

  it('gives Grafana its datasources from the facts and Authentik login', () => {
    const grafana = files.get('grafana/app/helmrelease.yaml')!;
    for (const uid of ['prometheus', 'alertmanager', 'loki', 'tempo']) expect(grafana).toContain(`uid: ${uid}\n`);
    expect(grafana).toContain('auth_url: https://auth.example.com/application/o/authorize/');
    expect(grafana).toContain("role_attribute_path: contains(groups[*], 'Grafana Admins') && 'Admin' || contains(groups[*], 'Grafana Editors') && 'Editor' || 'Viewer'");
    expect(grafana).toContain('disable_login_form: true');
  });

  // One kubectl run for all of them (each folder alone only to name a failure).
  kustomizeTests({ describe, it, expect }, tree, files.keys(), 'clusters/meshlab');
});
