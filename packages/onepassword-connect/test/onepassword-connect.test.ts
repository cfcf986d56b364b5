import { describe, expect, it } from 'vitest';
import { defineComponent, SecretSource, Type } from '@fluxgen/core';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { onePasswordBackend, onepasswordConnect } from '../src/index.js';

const NS = 'onepassword-system';

/** The smallest valid configuration: Connect only, its credentials Secret made by hand. */
const minimal = () => onepasswordConnect({ credentials: { existingSecret: 'op-credentials' } });
const minimalExternal = [`secret:${NS}/op-credentials`];

/** Connect plus the operator, all chart defaults (token Secret `onepassword-token`). */
const withOperator = () => onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, operator: { enabled: true } });
const withOperatorExternal = [...minimalExternal, `secret:${NS}/onepassword-token`];

/** Everything typed, operator on. */
const full = () =>
  onepasswordConnect({
    credentials: { existingSecret: 'onepassword-connect-credentials', key: 'credentials.json' },
    replicas: 2,
    serviceType: 'LoadBalancer',
    httpPort: 80,
    registry: 'ghcr.io',
    serviceMonitor: true,
    operator: {
      enabled: true,
      token: { existingSecret: 'onepassword-connect-token', key: 'connect-token' },
      autoRestart: true,
      pollingInterval: 60,
    },
  });
const fullExternal = [
  'crd:monitoring.coreos.com',
  `secret:${NS}/onepassword-connect-credentials`,
  `secret:${NS}/onepassword-connect-token`,
];

/** A stand-in for any component that takes a credential as a SecretSource. */
const consumer = defineComponent({
  name: 'consumer',
  title: 'Consumer',
  summary: 'Reads one credential',
  category: 'core',
  namespace: 'apps',
  chart: { name: 'consumer', version: '1.0.0', repository: 'https://charts.example.org' },
  docs: [],
  values: Type.Object({ auth: SecretSource }),
  secrets: (v) => [{ source: v.auth, defaultName: 'consumer-auth', keys: ['password'], purpose: 'Login' }],
});
const fromOnePassword = () => consumer({ auth: { onePassword: { item: 'vaults/homelab/items/consumer' } } });

describe('onepassword-connect', () => {
  it('minimal: matches the golden tree', () => {
    const { files } = renderForTest([minimal()], { external: minimalExternal });
    expect(goldenDiff(new URL('./golden/minimal', import.meta.url), files)).toEqual([]);
  });

  it('minimal: chart, source, namespace and values', () => {
    const { files, model } = renderForTest([minimal()], { external: minimalExternal });
    expect(doc(files, 'onepassword-connect/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://ghcr.io/1password/connect',
      ref: { tag: '2.4.1' },
    });
    const release = doc(files, 'onepassword-connect/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'onepassword-connect', namespace: NS });
    expect(release['spec'].install).toEqual({ crds: 'CreateReplace', remediation: { retries: 3 } });
    expect(release['spec'].upgrade).toMatchObject({ crds: 'CreateReplace' });
    expect(release['spec'].values).toEqual({
      connect: {
        replicas: 1,
        serviceType: 'ClusterIP',
        credentialsName: 'op-credentials',
        credentialsKey: '1password-credentials.json',
        api: { httpPort: 8080, serviceMonitor: { enabled: false } },
      },
      operator: { create: false },
    });
    expect(doc(files, 'onepassword-connect/app/namespace.yaml')['metadata'].labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const c = model.components[0]!;
    expect(c.provides).toEqual([]);
    expect(c.needs).toEqual([`secret:${NS}/op-credentials`]);
    expect(c.secrets.map((s) => [s.name, s.keys, s.backend, s.producedInTree])).toEqual([
      ['op-credentials', ['1password-credentials.json'], 'existingSecret', false],
    ]);
    expect(c.objects).toEqual([]);
  });

  it('the HTTP Helm repository is used when the cluster prefers it', () => {
    const { files } = renderForTest([minimal()], { external: minimalExternal, chartSource: 'helm' });
    expect(doc(files, 'onepassword-connect/app/helmrepository.yaml')['spec'].url).toBe(
      'https://1password.github.io/connect-helm-charts',
    );
    expect(doc(files, 'onepassword-connect/app/helmrelease.yaml')['spec'].chart.spec).toMatchObject({ chart: 'connect', version: '2.4.1' });
  });

  it('fully configured: matches the golden tree', () => {
    const { files } = renderForTest([full()], { external: fullExternal });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), files)).toEqual([]);
  });

  it('fully configured: mapped values, secrets and capabilities', () => {
    const { files, model } = renderForTest([full()], { external: fullExternal });
    expect(doc(files, 'onepassword-connect/app/helmrelease.yaml')['spec'].values).toEqual({
      connect: {
        replicas: 2,
        serviceType: 'LoadBalancer',
        credentialsName: 'onepassword-connect-credentials',
        credentialsKey: 'credentials.json',
        api: { httpPort: 80, imageRepository: 'ghcr.io/1password/connect-api', serviceMonitor: { enabled: true } },
        sync: { imageRepository: 'ghcr.io/1password/connect-sync' },
      },
      operator: {
        create: true,
        autoRestart: true,
        pollingInterval: 60,
        token: { name: 'onepassword-connect-token', key: 'connect-token' },
      },
    });
    const c = model.components[0]!;
    expect(c.provides).toEqual(['crd:onepassword.com']);
    expect(c.needs).toEqual(fullExternal);
    expect(c.secrets.map((s) => [s.name, s.keys])).toEqual([
      ['onepassword-connect-credentials', ['credentials.json']],
      ['onepassword-connect-token', ['connect-token']],
    ]);
  });

  it('operator with chart defaults: token Secret `onepassword-token`, key `token`', () => {
    const { files, model } = renderForTest([withOperator()], { external: withOperatorExternal });
    expect(doc(files, 'onepassword-connect/app/helmrelease.yaml')['spec'].values.operator).toEqual({
      create: true,
      autoRestart: false,
      pollingInterval: 600,
      token: { name: 'onepassword-token', key: 'token' },
    });
    expect(model.components[0]!.needs).toContain(`secret:${NS}/onepassword-token`);
  });

  it('a 1Password reference elsewhere is met by the operator, and orders its consumer after it', () => {
    const { files, model } = renderForTest([withOperator(), fromOnePassword()], { external: withOperatorExternal });
    const user = model.components.find((c) => c.name === 'consumer')!;
    expect(user.dependsOn).toEqual([{ name: 'onepassword-connect', because: ['crd:onepassword.com'] }]);
    expect(doc(files, 'consumer/ks.yaml')['spec'].dependsOn).toEqual([{ name: 'onepassword-connect' }]);
    expect(user.objects).toEqual([
      {
        apiVersion: 'onepassword.com/v1',
        kind: 'OnePasswordItem',
        metadata: { name: 'consumer-auth', namespace: 'apps' },
        spec: { itemPath: 'vaults/homelab/items/consumer' },
      },
    ]);
  });

  it('without the operator the 1Password backend is missing, and the error says how to turn it on', () => {
    const e = problemsOf(() => renderForTest([minimal(), fromOnePassword()], { external: minimalExternal }));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'SECRET_BACKEND_MISSING', component: 'consumer', path: 'auth.onePassword', got: 'onePassword' }),
    ]);
    expect(e.diagnostics[0]!.hint).toContain('operator: { enabled: true }');
  });

  it('an operator run outside this tree: the backend listed in the cluster, its CRDs external', () => {
    const { model } = renderForTest([fromOnePassword()], { external: ['crd:onepassword.com'], secretBackends: [onePasswordBackend] });
    expect(model.components[0]!.secrets).toEqual([
      expect.objectContaining({ name: 'consumer-auth', backend: 'onePassword', title: '1Password item', reference: 'vaults/homelab/items/consumer' }),
    ]);
  });

  it('its own Secrets must exist, and the ServiceMonitor needs its CRDs', () => {
    expect(() => renderForTest([minimal()])).toThrow(/needs secret:onepassword-system\/op-credentials/);
    expect(() =>
      renderForTest([withOperator()], { external: minimalExternal }),
    ).toThrow(/needs secret:onepassword-system\/onepassword-token/);
    expect(() =>
      renderForTest([onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, serviceMonitor: true })], {
        external: minimalExternal,
      }),
    ).toThrow(/needs crd:monitoring\.coreos\.com/);
  });
});
