import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { alloy, alloyConfig, type AlloyConfig } from '../src/index.js';
import { attr, block, isIdentifier, quote, ref, renderConfig } from '../src/syntax.js';
import { collectorStub, lokiStub, restarterStub, tempoStub } from './stubs.js';

const MONITORING_CRDS = ['crd:monitoring.coreos.com'];

/** Defaults beside Loki: pod logs and events, Loki's URL derived from its endpoint. */
const defaults = () => renderForTest([lokiStub(), alloy()]);

/** Talos, with host logs, traces to Tempo, Reloader and a Prometheus Operator in the cluster. */
const talos = () =>
  renderForTest([lokiStub(), tempoStub(), restarterStub(), collectorStub(), alloy({ platform: 'talos', nodeLogs: true, talos: { serviceIP: '10.96.0.60' } })], {
    external: MONITORING_CRDS,
  });

/** A systemd distribution without a Loki component: a typed URL, the journal, no events, no traces. */
const generic = () =>
  renderForTest([alloy({ lokiUrl: 'https://logs.example.com', nodeLogs: true, events: false, traces: false, controlPlane: false, logLevel: 'info', monitoring: true })], {
    external: MONITORING_CRDS,
  });

const values = (files: ReadonlyMap<string, string>) => doc(files, 'alloy/app/helmrelease.yaml')['spec'].values;
const config = (files: ReadonlyMap<string, string>): string => values(files).alloy.configMap.content;

/** A config golden: `test/config/<name>.alloy`, rewritten with UPDATE_GOLDEN=1. */
function configGolden(name: string, text: string): void {
  const file = new URL(`./config/${name}.alloy`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('alloy', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), defaults().files)).toEqual([]);
  });

  it('defaults: HTTP chart 1.11.1 in monitoring, restricted, URL derived from the loki endpoint', () => {
    const { files, model } = defaults();
    const release = doc(files, 'alloy/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'alloy', namespace: 'monitoring' });
    expect(release['spec'].chart.spec).toMatchObject({ chart: 'alloy', version: '1.11.1' });
    expect(doc(files, 'alloy/app/helmrepository.yaml')['spec'].url).toBe('https://grafana.github.io/helm-charts');
    // The namespace belongs to the first component in it (the Loki stand-in), labelled for both.
    expect(model.namespaces).toEqual([{ name: 'monitoring', podSecurity: 'restricted', owner: 'loki', components: ['loki', 'alloy'] }]);
    const v = values(files);
    expect(v.crds).toEqual({ create: false });
    expect(v.fullnameOverride).toBe('alloy');
    expect(v.alloy.stabilityLevel).toBe('generally-available');
    expect(v.alloy.enableReporting).toBe(false);
    expect(v.alloy.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 473,
      runAsGroup: 473,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(v.alloy.mounts).toEqual({ extra: [{ name: 'storage', mountPath: '/tmp/alloy' }] });
    expect(v.alloy).not.toHaveProperty('extraPorts');
    expect(v.controller).toEqual({
      type: 'daemonset',
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      volumes: { extra: [{ name: 'storage', emptyDir: {} }] },
    });
    expect(v).not.toHaveProperty('serviceMonitor');
    expect(v).not.toHaveProperty('service');
    const text = config(files);
    expect(text).toContain('url = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push"');
    expect(text).toContain('loki.source.kubernetes "pods" {');
    expect(text).toContain('loki.source.kubernetes_events "events" {');
    expect(text).not.toContain('loki.source.journal');
    expect(text).not.toContain('otelcol');
    configGolden('defaults', text);
    const alloyModel = model.components.find((c) => c.name === 'alloy')!;
    expect(alloyModel.needs).toEqual([]);
    expect(alloyModel.dependsOn.map((d) => d.name)).toEqual(['loki']);
    expect(files.get('alloy/README.md')).toContain('(the `loki` endpoint of loki)');
  });

  it('talos: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/talos', import.meta.url), talos().files)).toEqual([]);
  });

  it('talos: host logs over TCP (experimental), fixed Service IP, traces to Tempo, Reloader, ServiceMonitor derived', () => {
    const { files, model } = talos();
    const v = values(files);
    expect(v.alloy.stabilityLevel).toBe('experimental');
    expect(v.alloy.extraPorts).toEqual([
      { name: 'otlp-grpc', port: 4317, targetPort: 4317, protocol: 'TCP' },
      { name: 'otlp-http', port: 4318, targetPort: 4318, protocol: 'TCP' },
      { name: 'talos-logs', port: 6050, targetPort: 6050, protocol: 'TCP' },
    ]);
    expect(v.service).toEqual({ clusterIP: '10.96.0.60' });
    expect(v.serviceMonitor).toEqual({ enabled: true });
    expect(v.controller.extraAnnotations).toEqual({ 'reloader.stakater.com/auto': 'true' });
    // No host paths on Talos: still restricted.
    expect(v.alloy.mounts).toEqual({ extra: [{ name: 'storage', mountPath: '/tmp/alloy' }] });
    expect(model.namespaces[0]!.podSecurity).toBe('restricted');
    const text = config(files);
    expect(text).toContain('otelcol.receiver.tcplog "talos" {');
    expect(text).toContain('listen_address = "0.0.0.0:6050"');
    expect(text).toContain('service = "\\"talos-service\\""');
    expect(text).toContain('endpoint = "tempo.monitoring.svc.cluster.local:4317"');
    expect(text).not.toContain('loki.source.journal');
    configGolden('talos', text);
    const alloyModel = model.components.find((c) => c.name === 'alloy')!;
    expect(alloyModel.needs).toEqual(['crd:monitoring.coreos.com']);
    const readme = files.get('alloy/README.md')!;
    expect(files.get('README.md')).toContain('machine.logging.destinations: [{ endpoint: "tcp://10.96.0.60:6050/", format: json_lines }]');
    expect(readme).toContain('machine.logging.destinations: [{ endpoint: "tcp://10.96.0.60:6050/", format: json_lines }]');
    expect(readme).toContain('Restarted by reloader');
    expect(files.get('README.md')).toContain('Alloy ships pod logs, events, Talos service logs to `http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push`');
  });

  it('generic: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/generic', import.meta.url), generic().files)).toEqual([]);
  });

  it('generic: the journal from read-only host paths as root, so the namespace is privileged; typed Loki URL', () => {
    const { files, model } = generic();
    const v = values(files);
    expect(model.namespaces).toEqual([{ name: 'monitoring', podSecurity: 'privileged', owner: 'alloy', components: ['alloy'] }]);
    expect(doc(files, 'alloy/app/namespace.yaml')['metadata'].labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(v.alloy.mounts.extra).toEqual([
      { name: 'storage', mountPath: '/tmp/alloy' },
      { name: 'journal-var', mountPath: '/var/log/journal', readOnly: true },
      { name: 'journal-run', mountPath: '/run/log/journal', readOnly: true },
      { name: 'machine-id', mountPath: '/etc/machine-id', readOnly: true },
    ]);
    expect(v.controller.volumes.extra).toEqual([
      { name: 'storage', emptyDir: {} },
      { name: 'journal-var', hostPath: { path: '/var/log/journal' } },
      { name: 'journal-run', hostPath: { path: '/run/log/journal' } },
      { name: 'machine-id', hostPath: { path: '/etc/machine-id' } },
    ]);
    expect(v.alloy.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(v.controller).not.toHaveProperty('tolerations');
    expect(v.alloy.stabilityLevel).toBe('generally-available');
    const text = config(files);
    expect(text).toContain('url = "https://logs.example.com/loki/api/v1/push"');
    expect(text).toContain('loki.source.journal "node" {');
    expect(text).toContain('level  = "info"');
    expect(text).not.toContain('kubernetes_events');
    expect(text).not.toContain('otelcol');
    configGolden('generic', text);
  });

  it('traces: derived from the otlp-grpc endpoint, off with traces: false, typed with otlpEndpoint', () => {
    expect(config(renderForTest([lokiStub(), tempoStub(), alloy()]).files)).toContain('otelcol.exporter.otlp "traces"');
    expect(config(renderForTest([lokiStub(), tempoStub(), alloy({ traces: false })]).files)).not.toContain('otelcol');
    const typed = config(renderForTest([lokiStub(), alloy({ traces: true, otlpEndpoint: { host: 'fd00::1' } })]).files);
    expect(typed).toContain('endpoint = "[fd00::1]:4317"');
  });

  it('a push URL is kept as written; a trailing slash is not doubled', () => {
    expect(config(renderForTest([alloy({ lokiUrl: 'http://loki:3100/loki/api/v1/push' })]).files)).toContain('url = "http://loki:3100/loki/api/v1/push"');
    expect(config(renderForTest([alloy({ lokiUrl: 'http://loki:3100/' })]).files)).toContain('url = "http://loki:3100/loki/api/v1/push"');
  });

  it('without a loki endpoint, lokiUrl is required (VALUE_MISSING with a hint)', () => {
    const error = problemsOf(() => renderForTest([alloy()]));
    expect(error.diagnostics.map((d) => [d.code, d.path])).toEqual([['VALUE_MISSING', 'lokiUrl']]);
    expect(error.diagnostics[0]!.hint).toContain('add the loki component');
  });

  it('traces: true without a trace store needs otlpEndpoint; collecting nothing is refused', () => {
    expect(problemsOf(() => renderForTest([lokiStub(), alloy({ traces: true })])).diagnostics.map((d) => [d.code, d.path])).toEqual([['VALUE_MISSING', 'otlpEndpoint']]);
    expect(
      problemsOf(() => renderForTest([lokiStub(), alloy({ podLogs: false, events: false })])).diagnostics.map((d) => [d.code, d.path]),
    ).toEqual([['VALUE_INVALID', 'podLogs']]);
  });

  it('the PodLogs CRD only when asked: crds.create and the capability', () => {
    const { files, model } = renderForTest([lokiStub(), alloy({ podLogsCRD: true })]);
    expect(values(files).crds).toEqual({ create: true });
    expect(model.components.find((c) => c.name === 'alloy')!.provides).toEqual(['crd:monitoring.grafana.com']);
    expect(defaults().model.components.find((c) => c.name === 'alloy')!.provides).toEqual([]);
  });

  it('the restarter annotation only when it watches the namespace', () => {
    const elsewhere = renderForTest([lokiStub(), alloy({ namespace: 'logging' })]);
    expect(values(elsewhere.files).controller).not.toHaveProperty('extraAnnotations');
  });

  it('writes the same bytes twice', () => {
    expect([...talos().files]).toEqual([...talos().files]);
  });
});

describe('the Alloy configuration writer', () => {
  const base: AlloyConfig = { cluster: 'lab', logLevel: 'warn', lokiPushUrl: 'http://loki/loki/api/v1/push', podLogs: false, events: true };

  it('escapes strings: quotes, backslashes, line breaks, control characters; UTF-8 stays', () => {
    expect(quote('a"b\\c\nd\te\u0001é')).toBe('"a\\"b\\\\c\\nd\\te\\u0001é"');
    const text = alloyConfig({ ...base, cluster: 'lab "one"\\\n// x' });
    expect(text).toContain('cluster = "lab \\"one\\"\\\\\\n// x",');
    // The header comment stays one line.
    expect(text.split('\n')[0]).toBe('// Generated by fluxgen for cluster "lab \\"one\\"\\\\\\n// x". Do not edit: change the typed values of the alloy component.');
  });

  it('quotes object keys that are not identifiers', () => {
    expect(isIdentifier('cluster')).toBe(true);
    expect(isIdentifier('_a1')).toBe(true);
    expect(isIdentifier('1a')).toBe(false);
    expect(isIdentifier('talos-service')).toBe(false);
    expect(isIdentifier('')).toBe(false);
  });

  it('writes long lists one item a line, empty blocks and lists inline, non-identifier keys quoted, blocks apart from attributes', () => {
    const long = Array.from({ length: 4 }, (_, i) => ref('loki.process', `stage_number_${i}`, 'receiver'));
    const text = renderConfig([
      block('loki.source.file', [attr('forward_to', long), attr('targets', []), block('empty', []), attr('labels', { 'talos-service': 'x', ok: 1.5 })], { label: 'a' }),
    ]);
    expect(text).toBe(
      [
        'loki.source.file "a" {',
        '  forward_to = [',
        '    loki.process.stage_number_0.receiver,',
        '    loki.process.stage_number_1.receiver,',
        '    loki.process.stage_number_2.receiver,',
        '    loki.process.stage_number_3.receiver,',
        '  ]',
        '  targets    = []',
        '',
        '  empty {}',
        '',
        '  labels = {',
        '    "talos-service" = "x",',
        '    ok              = 1.5,',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('only logs: no trace blocks; only traces: no Loki', () => {
    expect(alloyConfig(base)).not.toContain('otelcol');
    const tracesOnly = alloyConfig({ cluster: 'lab', logLevel: 'warn', podLogs: false, events: false, traces: { endpoint: 'tempo:4317' } });
    expect(tracesOnly).not.toContain('loki.');
    expect(tracesOnly).toContain('otelcol.receiver.otlp "default" {');
  });
});
