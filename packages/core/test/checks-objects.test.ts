import { problemsOf } from '../src/testing.js';
import { describe, expect, it } from 'vitest';
import { checkObjects, OBJECT_SCHEMAS } from '../src/checks/objects.js';
import type { CheckInput } from '../src/checks/shared.js';
import { defineCluster, defineComponent, FluxgenError, renderCluster, Type, type KubeObject } from '../src/index.js';
import { crds, web } from './components.js';

const rendered = renderCluster(defineCluster({ name: 'lab', components: [web({ needs: ['crd:example.com'] }), crds({ widgets: ['a'] })] }));

/** The rendered cluster with some documents replaced. */
function withDocuments(extra: Record<string, readonly object[]>): CheckInput {
  return {
    model: rendered.model,
    documents: new Map([...rendered.documents, ...Object.entries(extra)]),
    paths: [...rendered.files.keys()],
    external: [],
  };
}

const emitting = (objects: KubeObject[]) =>
  defineComponent({
    name: 'demo',
    title: 'Demo',
    summary: 'Emits objects',
    category: 'core',
    namespace: 'demo',
    chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
    docs: [],
    values: Type.Object({}),
    objects: () => objects,
  })();

const problems = (objects: KubeObject[]): FluxgenError => problemsOf(() => renderCluster(defineCluster({ name: 'lab', components: [emitting(objects)] })));

describe('emitted objects against the schema of their kind', () => {
  it('accepts everything fluxgen renders: Flux objects, namespaces, kustomization.yaml files', () => {
    expect(checkObjects(withDocuments({}))).toEqual([]);
    const kinds = new Set([...rendered.documents.values()].flat().map((d) => `${(d as KubeObject).apiVersion}/${(d as KubeObject).kind}`));
    expect([...kinds].filter((k) => OBJECT_SCHEMAS[k] === undefined)).toEqual(['example.com/v1/Widget']);
  });

  it('reports a wrong type with `<file>:<path>`, the object and the value', () => {
    const e = problems([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'demo' }, data: { port: 8080 } }]);
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'OBJECT_INVALID', component: 'demo', path: 'demo/app/configmap.yaml:data.port', got: 8080 }),
    ]);
    expect(e.diagnostics[0]!.message).toBe('must be string in ConfigMap demo/settings');
  });

  it('reports unknown fields and missing required fields', () => {
    const e = problems([{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', labels: {} }, parameter: {} }]);
    expect(e.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['OBJECT_INVALID', 'demo/app/storageclass.yaml:provisioner'],
      ['OBJECT_INVALID', 'demo/app/storageclass.yaml:parameter'],
    ]);
    expect(e.diagnostics[1]!.hint).toBe('did you mean "parameters"?');
  });

  it('checks the Flux objects fluxgen builds, e.g. a HelmRelease with a post-renderer typo', () => {
    const hr = rendered.documents.get('web/app/helmrelease.yaml')![0] as KubeObject;
    const broken = { ...hr, spec: { ...(hr['spec'] as object), postRenderers: [{ kustomize: { patchez: [] } }] } };
    expect(checkObjects(withDocuments({ 'web/app/helmrelease.yaml': [broken] })).map((d) => d.path)).toEqual([
      'web/app/helmrelease.yaml:spec.postRenderers[0].kustomize.patchez',
    ]);
  });

  it("checks kustomization.yaml files against kustomize's schema", () => {
    const bad = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: 'ks.yaml' };
    expect(checkObjects(withDocuments({ 'kustomization.yaml': [bad] }))).toEqual([
      expect.objectContaining({ code: 'OBJECT_INVALID', path: 'kustomization.yaml:resources' }),
    ]);
  });

  it('reports a checked kind under an API version Flux no longer serves, and skips custom resources', () => {
    const old = { apiVersion: 'helm.toolkit.fluxcd.io/v2beta1', kind: 'HelmRelease', metadata: { name: 'x', namespace: 'demo' }, spec: {} };
    const custom = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { anything: true } };
    expect(checkObjects(withDocuments({ 'web/app/old.yaml': [old], 'web/app/widget.yaml': [custom] }))).toEqual([
      expect.objectContaining({
        code: 'OBJECT_INVALID',
        path: 'web/app/old.yaml:apiVersion',
        hint: 'use apiVersion helm.toolkit.fluxcd.io/v2',
      }),
    ]);
  });
});
