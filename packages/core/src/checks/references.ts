/**
 * Layer 4: references between objects (`REFERENCE_DANGLING`).
 *
 * - Every Secret and ConfigMap that the final Helm values or the emitted objects name must be
 *   produced in the cluster (an emitted Secret or ConfigMap of that name in that namespace, a
 *   Secret a secret backend produces for a component, a cert-manager Certificate's
 *   `spec.secretName`, or a component or backend unit that provides `secret:<ns>/<name>`) or be declared in the cluster's `external` (`secret:<ns>/<name>`,
 *   `configmap:<ns>/<name>`). The Secrets components consume through a SecretSource are already
 *   checked while the model is built; this catches the names written as chart values.
 * - Every `dependsOn`, `sourceRef` and `chartRef` of a Flux object must name an emitted object (or
 *   the cluster's own Flux source).
 *
 * Which values count as references: the chart value paths each component declares in
 * `secretRefs`, and the Kubernetes shapes {@link referencesIn} knows.
 */
import type { Diagnostic } from '../errors.js';
import type { KubeObject } from '../kube.js';
import { Memo } from '../memo.js';
import { joinPath } from '../validate.js';
import { isPlainObject, walkValues, type ValueVisit } from '../values.js';
import { componentOf, describeObject, objectsOf, type CheckInput } from './shared.js';


/** A Secret or ConfigMap some value points at. */
export interface Reference {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  /** Where the name is written (`values.auth.existingSecret`). */
  readonly path: string;
}

/**
 * The Secret and ConfigMap names below `root`, read as references in `namespace`:
 *
 * - a value at one of `secretRefs`, chart value paths relative to `root` (`auth.existingSecret`,
 *   `*` for any key or list index): a string, or `{ name }`;
 * - `secretKeyRef`, `secretRef`, `…SecretRef` → Secret; `configMapKeyRef`, `configMapRef` → ConfigMap
 *   (`{ name }`, as in Kubernetes env and Flux specs);
 * - `{ name, key }` under a credential key (`token`, `password`, `credentials`, `…Secret`) without a
 *   `value` beside it (with one, the chart creates the Secret itself);
 * - CSI StorageClass parameters `csi.storage.k8s.io/<op>-secret-name` with their `-secret-namespace`;
 * - Gateway API `certificateRefs` to Secrets (in their `namespace`, or the object's).
 *
 * Names that are templates (`{{ … }}`, `${…}`) are skipped.
 */
export function referencesIn(root: unknown, prefix: string, namespace: string, secretRefs: readonly string[] = []): Reference[] {
  const declared = secretRefs.map((p) => p.split('.'));
  const out: Reference[] = [];
  const add = (kind: Reference['kind'], name: unknown, path: string, ns = namespace) => {
    if (typeof name === 'string' && name !== '' && !/\{\{|\$\{/.test(name)) out.push({ kind, namespace: ns, name, path });
  };
  const nameOf = (n: ValueVisit) => (isPlainObject(n.value) ? n.value['name'] : undefined);
  walkValues(root, prefix, (n) => {
    if (declared.some((p) => matches(p, n.keys))) {
      if (typeof n.value === 'string') add('Secret', n.value, n.path);
      else add('Secret', nameOf(n), joinPath(n.path, 'name'));
    } else if (n.key === 'secretKeyRef' || n.key === 'secretRef' || /.SecretRef$/.test(n.key)) {
      add('Secret', nameOf(n), joinPath(n.path, 'name'));
    } else if (n.key === 'configMapKeyRef' || n.key === 'configMapRef') {
      add('ConfigMap', nameOf(n), joinPath(n.path, 'name'));
    } else if (n.key === 'certificateRefs' && Array.isArray(n.value)) {
      n.value.forEach((ref: unknown, i) => {
        if (isPlainObject(ref) && (ref['kind'] ?? 'Secret') === 'Secret' && (ref['group'] ?? '') === '') {
          add(
            'Secret',
            ref['name'],
            joinPath(joinPath(n.path, String(i)), 'name'),
            typeof ref['namespace'] === 'string' ? ref['namespace'] : namespace,
          );
        }
      });
    } else if (isSecretKeySelector(n)) {
      add('Secret', nameOf(n), joinPath(n.path, 'name'));
    } else {
      const csi = /^csi\.storage\.k8s\.io\/(.+)-secret-name$/.exec(n.key);
      const ns = csi && isPlainObject(n.parent) ? n.parent[`csi.storage.k8s.io/${csi[1]}-secret-namespace`] : undefined;
      if (csi && typeof ns === 'string' && !/\$\{/.test(ns)) add('Secret', n.value, n.path, ns);
    }
  });
  return out;
}

/** Whether the keys from the root match a declared path (`*`: any one key or index). */
function matches(pattern: readonly string[], keys: readonly string[]): boolean {
  return pattern.length === keys.length && pattern.every((p, i) => p === '*' || p === keys[i]);
}

function isSecretKeySelector(n: ValueVisit): boolean {
  if (!isPlainObject(n.value) || Array.isArray(n.parent)) return false;
  const keys = Object.keys(n.value);
  return (
    typeof n.value['name'] === 'string' &&
    typeof n.value['key'] === 'string' &&
    !('value' in n.value) &&
    keys.every((k) => ['name', 'key', 'optional'].includes(k)) &&
    /(token|password|credentials?|secret)$/i.test(n.key)
  );
}

/**
 * The references found in chart values and in objects in this process, by their exact data and
 * what else they were read with (the namespace, the declared paths): the clusters of a fleet share
 * most of both, and each is walked once. Up to 100,000 of each.
 */
const valuesReferences = new Memo<readonly Reference[]>(100_000);
const objectReferences = new Memo<readonly Reference[]>(100_000);

/** Checks every Secret/ConfigMap reference and every Flux object reference of the rendered cluster. */
export function checkReferences(input: CheckInput): Diagnostic[] {
  const { model } = input;
  const objects = objectsOf(input);
  const produced = producers(
    input,
    objects.map((o) => o.object),
  );
  const out: Diagnostic[] = [];
  // Secrets a component declares through `secrets:` are needs of the dependency graph, which
  // reports them when nothing produces them; reporting them here too would say it twice.
  // Secret backends' units report their own needs (e.g. a decryption key) the same way.
  const declared = new Set([
    ...model.components.flatMap((c) => c.secrets.map((s) => `secret:${s.namespace}/${s.name}`)),
    // Secrets a component needs outright (e.g. a Gateway's certificate in another namespace) are graph needs too.
    ...model.components.flatMap((c) => [...c.needs, ...c.configNeeds].filter((n) => n.startsWith('secret:'))),
    ...model.secretUnits.flatMap((u) => u.needs ?? []),
  ]);

  const dangling = (ref: Reference, component: string | undefined): void => {
    const capability = `${ref.kind === 'Secret' ? 'secret' : 'configmap'}:${ref.namespace}/${ref.name}` as const;
    if (produced.has(capability) || declared.has(capability)) return;
    out.push({
      cluster: model.name,
      ...(component ? { component } : {}),
      source: model.source,
      code: 'REFERENCE_DANGLING',
      path: ref.path,
      got: ref.name,
      message: `names ${ref.kind} ${ref.namespace}/${ref.name}, which nothing in the cluster produces`,
      hint: `produce it (a component's SecretSource of a secret backend present in the cluster), or list "${capability}" in the cluster's \`external\` if it is made outside this tree`,
    });
  };

  for (const c of model.components) {
    const secretRefs = c.spec.secretRefs ?? [];
    const refs = valuesReferences.get(c.helmValues, () => referencesIn(c.helmValues, 'values', c.namespace, secretRefs), JSON.stringify([c.namespace, secretRefs]));
    for (const ref of refs) dangling(ref, c.name);
  }
  for (const { file, object } of objects) {
    const owner = componentOf(model, file);
    const component = owner?.name;
    // A cluster-scoped object of a component (a cert-manager ClusterIssuer) reads its Secrets in
    // the component's namespace (cert-manager's cluster resource namespace).
    const namespace = object.metadata?.namespace ?? owner?.namespace ?? '';
    const prefix = `${file}:`;
    const refs = objectReferences.get(
      object,
      () => {
        // HelmRelease values were read above, as chart values.
        const body = {
          ...object,
          metadata: undefined,
          ...(object.kind === 'HelmRelease' ? { spec: { ...(object['spec'] as object), values: undefined } } : {}),
        };
        return referencesIn(body, '', namespace);
      },
      namespace,
    );
    for (const ref of refs) dangling({ ...ref, path: `${prefix}${ref.path}` }, component);
    if (object.kind === 'HelmRelease') {
      const valuesFrom = (object['spec'] as { valuesFrom?: { kind?: string; name?: string }[] }).valuesFrom ?? [];
      valuesFrom.forEach((v, i) => {
        if (v.kind === 'Secret' || v.kind === 'ConfigMap') {
          dangling({ kind: v.kind, namespace, name: v.name ?? '', path: `${prefix}spec.valuesFrom[${i}].name` }, component);
        }
      });
    }
    out.push(...fluxTargets(input, objects, file, object, component));
  }
  return out;
}

/** Everything the cluster produces or declares, as capabilities. */
function producers(input: CheckInput, objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>(input.external);
  for (const c of input.model.components) {
    for (const p of c.provides) out.add(p);
    for (const s of c.secrets) if (s.producedInTree) out.add(`secret:${s.namespace}/${s.name}`);
  }
  for (const u of input.model.secretUnits) for (const p of u.provides) out.add(p);
  for (const o of objects) {
    const at = `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    if (o.kind === 'Secret') out.add(`secret:${at}`);
    if (o.kind === 'ConfigMap') out.add(`configmap:${at}`);
    const spec = o['spec'];
    if (o.kind === 'Certificate' && isPlainObject(spec) && typeof spec['secretName'] === 'string') {
      out.add(`secret:${o.metadata?.namespace ?? ''}/${spec['secretName']}`);
    }
  }
  return out;
}

/** `dependsOn`, `sourceRef` and `chartRef` of Flux objects must point at emitted objects. */
function fluxTargets(
  input: CheckInput,
  objects: readonly { file: string; object: KubeObject }[],
  file: string,
  object: KubeObject,
  component: string | undefined,
): Diagnostic[] {
  const spec = object['spec'];
  if (!isPlainObject(spec) || !object.apiVersion.includes('toolkit.fluxcd.io')) return [];
  const namespace = object.metadata?.namespace ?? '';
  const exists = (kind: string, name: string, ns: string) =>
    objects.some((o) => o.object.kind === kind && o.object.metadata?.name === name && (o.object.metadata?.namespace ?? '') === ns) ||
    (kind === input.model.flux.sourceRef.kind && name === input.model.flux.sourceRef.name && ns === input.model.flux.namespace);
  const targets: { path: string; kind: string; name: unknown; namespace: unknown }[] = [];
  const dependsOn = Array.isArray(spec['dependsOn']) ? spec['dependsOn'] : [];
  dependsOn.forEach((d: unknown, i) => {
    if (isPlainObject(d))
      targets.push({ path: `spec.dependsOn[${i}].name`, kind: object.kind, name: d['name'], namespace: d['namespace'] });
  });
  const chartSpec = isPlainObject(spec['chart']) && isPlainObject(spec['chart']['spec']) ? spec['chart']['spec'] : undefined;
  for (const [path, ref] of [
    ['spec.sourceRef', spec['sourceRef']],
    ['spec.chartRef', spec['chartRef']],
    ['spec.chart.spec.sourceRef', chartSpec?.['sourceRef']],
  ] as const) {
    if (isPlainObject(ref))
      targets.push({ path: `${path}.name`, kind: String(ref['kind']), name: ref['name'], namespace: ref['namespace'] });
  }
  return targets
    .filter((t) => typeof t.name === 'string' && !exists(t.kind, t.name, typeof t.namespace === 'string' ? t.namespace : namespace))
    .map((t) => ({
      cluster: input.model.name,
      ...(component ? { component } : {}),
      source: input.model.source,
      code: 'REFERENCE_DANGLING' as const,
      path: `${file}:${t.path}`,
      got: t.name,
      message: `${describeObject(object)} refers to ${t.kind} ${typeof t.namespace === 'string' ? t.namespace : namespace}/${String(t.name)}, which the tree does not contain`,
      hint: 'derive dependencies from provides/needs instead of naming objects, and refer only to objects fluxgen emits',
    }));
}
