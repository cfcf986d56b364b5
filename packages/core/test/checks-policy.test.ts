import { problemsOf } from '../src/testing.js';
import { describe, expect, it } from 'vitest';
import { EXACT_VERSION, RELEASE_TAG } from '../src/checks/policy.js';
import { demo } from './fixtures/demo.js';
import { defineCluster, defineComponent, FluxgenError, renderCluster, Type, type ComponentSpec } from '../src/index.js';
import { isCredentialKey } from '../src/checks/policy.js';

const spec = { ...demo.spec, chart: demo.spec.chart! };

const problems = (components: Parameters<typeof defineCluster>[0]['components']): FluxgenError => problemsOf(() => renderCluster(defineCluster({ name: 'lab', components })));
const codesAndPaths = (e: FluxgenError) => e.diagnostics.map((d) => [d.code, d.path]);

describe('exact versions', () => {
  it.each(['1.20.0', 'v1.21.1', '2.0.0-rc.1', '1.2.3+build.4'])('chart version %s is exact', (v) =>
    expect(EXACT_VERSION.test(v)).toBe(true),
  );
  it.each(['^1.2.0', '~1.2', '1.x', '1.2.*', '*', '>=1.0.0', '1.0.0 - 2.0.0', '1.0.0 || 2.0.0', 'latest', '1.2', ''])(
    'chart version %j is not',
    (v) => expect(EXACT_VERSION.test(v)).toBe(false),
  );
  it.each(['v1.6.1', '1.30.3', 'helm-chart/1.11.1', 'external-dns-helm-chart-1.21.1', 'v1.6'])('Git tag %s is a release', (t) =>
    expect(RELEASE_TAG.test(t)).toBe(true),
  );
  it.each(['main', 'master', 'release-next', 'latest', 'v1.x', 'HEAD'])('Git ref %s is not', (t) =>
    expect(RELEASE_TAG.test(t)).toBe(false),
  );

  it('names the component and where the version came from', () => {
    expect(codesAndPaths(problems([defineComponent(spec)({ version: '~1.0.0' })]))).toEqual([['POLICY_VERSION_NOT_PINNED', 'version']]);
    const ranged = defineComponent({ ...spec, chart: { ...spec.chart, version: '>=1.0.0' } });
    expect(problems([ranged()]).diagnostics[0]).toMatchObject({
      code: 'POLICY_VERSION_NOT_PINNED',
      component: 'demo',
      path: 'chart.version',
      source: '@fluxgen/demo',
    });
  });
});

describe('repository URLs', () => {
  it('are https:// for Helm and Git repositories, oci:// for OCI charts', () => {
    const insecure = defineComponent({
      ...spec,
      chart: { name: 'demo', version: '1.0.0', repository: 'http://charts.example.com', oci: 'https://ghcr.io/x/demo' },
    });
    // (the OCIRepository's url pattern catches `https://` for OCI too, as OBJECT_INVALID)
    expect(codesAndPaths(problems([insecure()])).filter(([code]) => code!.startsWith('POLICY_'))).toEqual([
      ['POLICY_INSECURE_URL', 'chart.repository'],
      ['POLICY_INSECURE_URL', 'chart.oci'],
    ]);
  });
});

describe('names', () => {
  it('a component name that would leave the tree is a mistake in the declaration, and nothing is rendered', () => {
    const e = problems([defineComponent({ ...spec, name: '../evil' })()]);
    expect(codesAndPaths(e)).toEqual([['COMPONENT_INVALID', 'name']]);
  });

  it('object names are DNS-1123 subdomains, kinds plain words', () => {
    const emits = defineComponent({
      ...spec,
      objects: (_v, ctx) => [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok.name-1', namespace: ctx.namespace }, data: {} },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not OK', namespace: ctx.namespace }, data: {} },
      ],
    });
    expect(codesAndPaths(problems([emits()]))).toEqual([['POLICY_INVALID_NAME', 'demo/app/configmap.yaml:metadata.name']]);
  });
});

describe('plaintext credentials', () => {
  it.each([
    'password',
    'adminPassword',
    'admin_password',
    'GF_SECURITY_ADMIN_PASSWORD',
    'registryPasswd',
    'token',
    'apiToken',
    'CF_API_TOKEN',
    'apiKey',
    'api_key',
    'APIKey',
    'privateKey',
    'secretKey',
    'secretAccessKey',
    'secret_access_key',
    'accountKey',
    'clientSecret',
    'client_secret',
    'cookieSecret',
    'credentials',
    'credentials_base64',
    'passphrase',
  ])('%s holds a credential', (key) => expect(isCredentialKey(key)).toBe(true));

  it.each([
    'existingSecret',
    'existingSecretName',
    'existingSecretPasswordKey',
    'secretName',
    'secret',
    'tlsSecret',
    'credentialsName',
    'credentialsKey',
    'backupTargetCredentialSecret',
    'passwordKey',
    'userKey',
    'tokenKey',
    'tokenFile',
    'bearerTokenFile',
    'bearerTokenSecret',
    'secretRef',
    'accessKey',
    'accessKeyId',
    'topologyKey',
    'username',
  ])('%s names or locates one', (key) => expect(isCredentialKey(key)).toBe(false));

  it('finds literals in Helm values and emitted objects; references and placeholders pass', () => {
    const demo = defineComponent({
      ...spec,
      objects: (_v, ctx) => [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: ctx.namespace }, data: { token: 'abc' } },
      ],
    });
    const e = problems([
      demo({
        helmValues: {
          admin: { existingSecret: 'grafana-admin', passwordKey: 'admin-password' },
          operator: { token: { name: 'op-token', key: 'token', value: 'literal' } },
          env: [
            { name: 'API_TOKEN', value: 'literal' },
            { name: 'API_TOKEN_FROM_SECRET', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
          ],
          'grafana.ini': { security: { admin_password: '$__file{/etc/secrets/admin}' } },
          s3: { secretAccessKey: '${S3_SECRET_ACCESS_KEY}' },
          auth: { password: '' },
          serviceAccount: { automountServiceAccountToken: true },
        },
      }),
    ]);
    expect(e.diagnostics.filter((d) => d.code === 'POLICY_PLAINTEXT_SECRET').map((d) => d.path)).toEqual([
      'values.operator.token.value',
      'values.env[0].value',
      'demo/app/configmap.yaml:data.token',
    ]);
    // The value itself is a secret: never repeated in the output.
    expect(e.message).not.toContain('literal');
  });
});
