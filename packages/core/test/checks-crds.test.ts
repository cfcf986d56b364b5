import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crdIndex, crdsIn, strictCrdSchema } from '../src/crds.js';
import { checkObjects } from '../src/checks/objects.js';
import { defineCluster, defineComponent, renderCluster, Type, type KubeObject } from '../src/index.js';
import { validate } from '../src/validate.js';
import { problemsOf } from '../src/testing.js';

const FIXTURE_CRDS = new URL('./fixtures/crds/', import.meta.url);

/** A component that vendors the example.com CRDs (and emits nothing). */
const widgetCrds = defineComponent({
  name: 'widget-crds',
  title: 'Widget CRDs',
  summary: 'Installs the example.com CRDs',
  category: 'core',
  namespace: 'widgets',
  chart: { name: 'widget-crds', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['example.com'] }),
  crds: FIXTURE_CRDS,
});

/** Another component, whose Widgets are checked against the CRDs widget-crds vendors. */
const consumer = (objects: KubeObject[]) =>
  defineComponent({
    name: 'consumer',
    title: 'Consumer',
    summary: 'Emits Widgets',
    category: 'core',
    namespace: 'widgets',
    chart: { name: 'consumer', version: '1.0.0', repository: 'https://charts.example.com' },
    docs: [],
    values: Type.Object({}),
    needs: () => ({ crd: ['example.com'] }),
    objects: () => objects,
  })();

const widget = (spec: Record<string, unknown>, apiVersion = 'example.com/v1', metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion,
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'widgets', ...metadata },
  spec,
});

const render = (...objects: KubeObject[]) => renderCluster(defineCluster({ name: 'lab', components: [widgetCrds(), consumer(objects)] }));
const problems = (...objects: KubeObject[]) => problemsOf(() => render(...objects)).diagnostics.map((d) => [d.code, d.path, d.hint]);

describe('custom resources against the vendored CRDs of the cluster', () => {
  it('accepts a valid object, whichever component emits it', () => {
    const { documents } = render(
      widget({ size: 2, color: 'red', port: 8080, timeout: '30s', options: { anything: { goes: [1] } }, labels: { a: 'b' }, parts: [{ name: 'x' }] }),
    );
    expect(documents.get('consumer/app/widget.yaml')).toHaveLength(1);
  });

  it('reports an unknown field at `<file>:<path>`, with the nearest field as hint', () => {
    expect(problems(widget({ size: 2, colour: 'red' }))).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:spec.colour', 'did you mean "color"?']]);
  });

  it('finds an invalid object after an equal but valid one was checked in this process', () => {
    render(widget({ size: 2, labels: { a: 'b' } }));
    expect(problems(widget({ size: '2', labels: { a: 'b' } }))).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:spec.size', undefined]]);
    expect(problems(widget({ size: 2, labels: { a: 1 } })).map(([, path]) => path)).toEqual(['consumer/app/widget.yaml:spec.labels.a']);
    expect(problems(widget({ size: '2', labels: { a: 'b' } }))).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:spec.size', undefined]]);
  });

  it('reports a wrong type, a value out of range or enum, and a missing required field', () => {
    expect(problems(widget({ size: 'two' }))).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:spec.size', undefined]]);
    expect(problems(widget({ size: 0, color: 'green' })).map(([, path]) => path)).toEqual([
      'consumer/app/widget.yaml:spec.size',
      'consumer/app/widget.yaml:spec.color',
    ]);
    expect(problems(widget({ color: 'red' }))).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:spec.size', undefined]]);
    expect(problems(widget({ size: 2, parts: [{}] }))).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:spec.parts[0].name', undefined]]);
    const e = problemsOf(() => render(widget({ size: 'two' })));
    expect(e.diagnostics[0]).toMatchObject({ component: 'consumer', got: 'two', message: 'must be integer in Widget widgets/w' });
  });

  it('checks metadata like the core kinds do', () => {
    expect(problems(widget({ size: 2 }, 'example.com/v1', { label: { app: 'w' } }))).toEqual([
      ['OBJECT_INVALID', 'consumer/app/widget.yaml:metadata.label', 'did you mean "labels"?'],
    ]);
  });

  it('reports an API version the CRD does not serve, naming the versions it does', () => {
    for (const apiVersion of ['example.com/v1alpha1', 'example.com/v2']) {
      const e = problemsOf(() => render(widget({ size: 2 }, apiVersion)));
      expect(e.diagnostics.map((d) => [d.code, d.path, d.got])).toEqual([['OBJECT_INVALID', 'consumer/app/widget.yaml:apiVersion', apiVersion]]);
      expect(e.diagnostics[0]!.hint).toBe('the CRD serves example.com/v1, example.com/v1beta1; use apiVersion example.com/v1');
    }
  });

  it('treats int-or-string as either, keeps preserve-unknown-fields open, and checks every served version', () => {
    render(widget({ size: 2, port: 'http', timeout: 5 }), widget({ anything: true }, 'example.com/v1beta1'));
    expect(problems(widget({ size: 2, timeout: true })).map(([, path]) => path)).toEqual(['consumer/app/widget.yaml:spec.timeout']);
  });

  it('checks neither `format` nor CEL rules (the API server does)', () => {
    // `contact` is `format: email`, and the CEL rule wants an even size.
    render(widget({ size: 3, contact: 'not an email', format: 'a field named format stays checked as a string' }));
    expect(problems(widget({ size: 2, format: 1 })).map(([, path]) => path)).toEqual(['consumer/app/widget.yaml:spec.format']);
  });

  it('skips kinds no vendored CRD defines, and CRDs of components that are not in the cluster', () => {
    const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'widgets' }, spec: { anything: 1 } };
    render(gadget);
    const alone = renderCluster(
      defineCluster({ name: 'lab', external: ['crd:example.com', 'namespace:widgets'], components: [consumer([widget({ colour: 1 })])] }),
    );
    expect(checkObjects({ model: alone.model, documents: alone.documents, paths: [...alone.files.keys()], external: [] })).toEqual([]);
  });
});

describe('reading vendored CRDs', () => {
  it('reads the CustomResourceDefinitions of a folder once per process, and ignores other documents', () => {
    const kinds = crdsIn(FIXTURE_CRDS);
    expect(kinds.map((k) => [k.name, k.group, k.kind, k.versions.map((v) => `${v.name}${v.served ? '' : ' (not served)'}`)])).toEqual([
      ['widgets.example.com', 'example.com', 'Widget', ['v1', 'v1beta1', 'v1alpha1 (not served)']],
    ]);
    expect(crdsIn(new URL('./fixtures/crds', import.meta.url))).toBe(kinds);
    expect([...crdIndex([FIXTURE_CRDS, FIXTURE_CRDS]).keys()]).toEqual(['example.com/Widget']);
  });

  it('every CRD vendored by a component package parses, and each served version compiles', () => {
    const packages = new URL('../../', import.meta.url);
    const folders = readdirSync(packages)
      .map((p) => new URL(`${p}/crds/`, packages))
      .flatMap((dir) => (exists(dir) ? yamlFolders(dir) : []));
    expect(folders.length).toBeGreaterThanOrEqual(4);
    const served: string[] = [];
    for (const folder of folders) {
      for (const crd of crdsIn(folder)) {
        for (const version of crd.versions.filter((v) => v.served && v.schema)) {
          served.push(`${crd.group}/${version.name}/${crd.kind}`);
          // Compiles (an invalid schema or pattern throws) and rejects an unknown top-level field.
          expect(validate(strictCrdSchema(version.schema!), { bogus: 1 }).diagnostics.length).toBeGreaterThan(0);
        }
      }
    }
    // What components emit today.
    expect(served).toEqual(
      expect.arrayContaining([
        'cilium.io/v2/CiliumLoadBalancerIPPool',
        'cilium.io/v2alpha1/CiliumL2AnnouncementPolicy',
        'longhorn.io/v1beta2/RecurringJob',
        'onepassword.com/v1/OnePasswordItem',
        'gateway.networking.k8s.io/v1/Gateway',
        'gateway.networking.k8s.io/v1/HTTPRoute',
      ]),
    );
  });
});

describe('strictCrdSchema', () => {
  it('closes objects that declare properties, unless they preserve unknown fields', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { a: { type: 'string' } } },
        open: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { b: { type: 'integer' } } } },
        list: { type: 'array', items: { type: 'object', properties: { c: { type: 'boolean' } } } },
      },
    };
    const before = structuredClone(schema);
    expect(strictCrdSchema(schema)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        spec: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        open: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { b: { type: 'integer' } }, additionalProperties: false } },
        list: { type: 'array', items: { type: 'object', properties: { c: { type: 'boolean' } }, additionalProperties: false } },
      },
    });
    expect(schema).toEqual(before);
  });

  it('accepts integer or string for int-or-string, drops `format`, and leaves data and properties named like keywords alone', () => {
    expect(
      strictCrdSchema({
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true },
          when: { type: 'string', format: 'date-time', default: { format: 'kept' } },
          format: { type: 'string', enum: ['properties'] },
        },
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        when: { type: 'string', default: { format: 'kept' } },
        format: { type: 'string', enum: ['properties'] },
      },
    });
  });
});

function exists(url: URL): boolean {
  try {
    return statSync(url).isDirectory();
  } catch {
    return false;
  }
}

/** `dir` and its subfolders that hold YAML files. */
function yamlFolders(dir: URL): URL[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some((e) => e.isFile() && /\.ya?ml$/.test(e.name)) ? [dir] : [];
  return [...here, ...entries.filter((e) => e.isDirectory()).flatMap((e) => yamlFolders(new URL(`${e.name}/`, dir)))];
}
