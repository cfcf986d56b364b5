import { problemsOf } from '../src/testing.js';
import { describe, expect, it } from 'vitest';
import { checkReferences, referencesIn } from '../src/checks/references.js';
import type { CheckInput } from '../src/checks/shared.js';
import { defineCluster, defineComponent, FluxgenError, renderCluster, Type, type KubeObject } from '../src/index.js';
import { app, vault, web } from './components.js';
import { demo } from './fixtures/demo.js';


function render(components: Parameters<typeof defineCluster>[0]['components'], external: string[] = []) {
  return renderCluster(defineCluster({ name: 'lab', external, components }));
}

const problems = (components: Parameters<typeof defineCluster>[0]['components'], external: string[] = []): FluxgenError => problemsOf(() => render(components, external));

describe('which values are references', () => {
  const refs = (values: object, secretRefs: readonly string[] = []) =>
    referencesIn(values, 'values', 'demo', secretRefs).map((r) => `${r.kind} ${r.namespace}/${r.name} @ ${r.path}`);

  it('reads the chart value paths the component declares, as a string or { name }', () => {
    const values = {
      auth: { existingSecret: 'db' },
      tls: { existingSecret: { name: 'tls', lookup: true } },
      backups: [{ credentialSecret: 'nas' }, { credentialSecret: 'cloud' }],
      encryption: { ipsec: { secretName: 'ipsec-keys' } },
    };
    expect(refs(values, ['auth.existingSecret', 'tls.existingSecret', 'backups.*.credentialSecret'])).toEqual([
      'Secret demo/db @ values.auth.existingSecret',
      'Secret demo/tls @ values.tls.existingSecret.name',
      'Secret demo/nas @ values.backups[0].credentialSecret',
      'Secret demo/cloud @ values.backups[1].credentialSecret',
    ]);
    // Core keeps no list of chart keys: an undeclared key is not read as a reference.
    expect(refs(values)).toEqual([]);
  });

  it('reads Kubernetes and Flux references, key selectors under credential keys, and CSI secret parameters', () => {
    expect(
      refs({
        env: [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'b' } } },
        ],
        envFrom: [{ secretRef: { name: 'bulk' } }],
        operator: { token: { name: 'op-token', key: 'token' } },
        storageClasses: [
          {
            parameters: {
              'csi.storage.k8s.io/node-stage-secret-name': 'smb-creds',
              'csi.storage.k8s.io/node-stage-secret-namespace': 'kube-system',
            },
          },
        ],
      }),
    ).toEqual([
      'Secret demo/api @ values.env[0].valueFrom.secretKeyRef.name',
      'ConfigMap demo/settings @ values.env[1].valueFrom.configMapKeyRef.name',
      'Secret demo/bulk @ values.envFrom[0].secretRef.name',
      'Secret demo/op-token @ values.operator.token.name',
      'Secret kube-system/smb-creds @ values.storageClasses[0].parameters["csi.storage.k8s.io/node-stage-secret-name"]',
    ]);
  });

  it('reads Gateway API certificateRefs to Secrets in emitted objects', () => {
    const gateway = {
      spec: {
        listeners: [
          {
            name: 'https',
            tls: { certificateRefs: [{ name: 'wildcard-tls' }, { name: 'other', namespace: 'certs' }, { kind: 'ConfigMap', name: 'x' }] },
          },
        ],
      },
    };
    expect(referencesIn(gateway, '', 'gateways').map((r) => `${r.namespace}/${r.name} @ ${r.path}`)).toEqual([
      'gateways/wildcard-tls @ spec.listeners[0].tls.certificateRefs[0].name',
      'certs/other @ spec.listeners[0].tls.certificateRefs[1].name',
    ]);
  });

  it('leaves out what the chart or cert-manager creates, templates and empty names', () => {
    expect(
      refs({
        ingress: { tls: [{ secretName: 'web-tls', hosts: ['x'] }] },
        operator: { token: { name: 'op-token', key: 'token', value: 'ignored-here' } },
        auth: { existingSecret: '' },
        other: { existingSecret: '{{ .Release.Name }}-auth' },
      }),
    ).toEqual([]);
  });
});

describe('Secrets and ConfigMaps named in values', () => {
  it('must be produced in the cluster or declared external', () => {
    const e = problems([demo({ helmValues: { auth: { existingSecret: 'db' } } })]);
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'REFERENCE_DANGLING', component: 'demo', path: 'values.auth.existingSecret', got: 'db' }),
    ]);
    expect(e.diagnostics[0]!.hint).toContain('"secret:demo/db"');
    expect(() => render([demo({ helmValues: { auth: { existingSecret: 'db' } } })], ['secret:demo/db'])).not.toThrow();
  });

  it('a ConfigMap is declared external as configmap:<namespace>/<name>', () => {
    const values = { env: [{ name: 'M', valueFrom: { configMapKeyRef: { name: 'settings', key: 'm' } } }] };
    expect(problems([demo({ helmValues: values })]).codes).toEqual(['REFERENCE_DANGLING']);
    expect(() => render([demo({ helmValues: values })], ['configmap:demo/settings'])).not.toThrow();
  });

  it('a Secret a backend produces for the consumer counts as produced', () => {
    expect(() => render([app({ credentials: { vault: { path: 'lab/app' } } }), vault()])).not.toThrow();
  });

  it('a Secret in another namespace does not count', () => {
    const e = problems([demo({ namespace: 'other', helmValues: { auth: { existingSecret: 'db' } } })], ['secret:demo/db']);
    expect(e.diagnostics[0]).toMatchObject({ code: 'REFERENCE_DANGLING', message: expect.stringContaining('other/db') });
  });
});

describe('Flux object references', () => {
  const rendered = render([web()]);
  const input = (file: string, doc: object): CheckInput => ({
    model: rendered.model,
    documents: new Map([...rendered.documents, [file, [doc]]]),
    paths: [...rendered.files.keys()],
    external: [],
  });

  it("every dependsOn, sourceRef and chartRef names an emitted object (or the cluster's own source)", () => {
    const ks = rendered.documents.get('web/ks.yaml')![0] as KubeObject;
    expect(checkReferences(input('web/ks.yaml', ks))).toEqual([]);
    const dangling = { ...ks, spec: { ...(ks['spec'] as object), dependsOn: [{ name: 'ghost' }] } };
    expect(checkReferences(input('web/ks.yaml', dangling))).toEqual([
      expect.objectContaining({ code: 'REFERENCE_DANGLING', component: 'web', path: 'web/ks.yaml:spec.dependsOn[0].name', got: 'ghost' }),
    ]);
    const hr = rendered.documents.get('web/app/helmrelease.yaml')![0] as KubeObject;
    const spec = hr['spec'] as { chart: { spec: object } };
    const wrongSource = {
      ...hr,
      spec: { ...spec, chart: { spec: { ...spec.chart.spec, sourceRef: { kind: 'HelmRepository', name: 'nope' } } } },
    };
    expect(checkReferences(input('web/app/helmrelease.yaml', wrongSource)).map((d) => d.path)).toEqual([
      'web/app/helmrelease.yaml:spec.chart.spec.sourceRef.name',
    ]);
  });

  it('valuesFrom of a HelmRelease names a produced Secret or ConfigMap', () => {
    const hr = rendered.documents.get('web/app/helmrelease.yaml')![0] as KubeObject;
    const withValuesFrom = { ...hr, spec: { ...(hr['spec'] as object), valuesFrom: [{ kind: 'Secret', name: 'web-values' }] } };
    expect(checkReferences(input('web/app/helmrelease.yaml', withValuesFrom)).map((d) => [d.code, d.path])).toEqual([
      ['REFERENCE_DANGLING', 'web/app/helmrelease.yaml:spec.valuesFrom[0].name'],
    ]);
  });
});
