import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { problemsOf } from '../src/testing.js';
import { describe, expect, it } from 'vitest';
import { EXACT_VERSION, secretShapeIn, secretsInText } from '../src/checks/policy.js';
import { RELEASE_TAG } from '../src/sources/git-repository.js';
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

  it('finds a literal after the same values and objects without it were scanned in this process', () => {
    const demo = (token: string) =>
      defineComponent({
        ...spec,
        objects: (_v, ctx) => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: ctx.namespace }, data: { tokenKey: token } }],
      });
    const render = (token: string, helmValues: Record<string, unknown>) => renderCluster(defineCluster({ name: 'lab', components: [demo(token)({ helmValues })] }));
    render('token', { auth: { username: 'admin' } });
    render('token', { auth: { username: 'admin' } });
    const found = (token: string, helmValues: Record<string, unknown>) =>
      problemsOf(() => render(token, helmValues))
        .diagnostics.filter((d) => d.code === 'POLICY_PLAINTEXT_SECRET')
        .map((d) => d.path);
    expect(found('token', { auth: { username: 'admin', password: 'hunter2-literal' } })).toEqual(['values.auth.password']);
    expect(found('ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', { auth: { username: 'admin' } })).toEqual(['demo/app/configmap.yaml:data.tokenKey']);
    expect(found('token', { auth: { username: 'admin', password: 'hunter2-literal' } })).toEqual(['values.auth.password']);
  });

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

describe('objects that sync Secrets', () => {
  it("an ExternalSecret's secretKey names a key of the Secret it writes: not a credential; a literal password beside it still is", () => {
    const synced = defineComponent({
      ...spec,
      objects: (_v, ctx) => [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: { name: 'cloudflare', namespace: ctx.namespace },
          spec: {
            secretStoreRef: { kind: 'ClusterSecretStore', name: 'onepassword' },
            target: { name: 'cloudflare-api-token', template: { data: { password: 'hunter2-literal' } } },
            data: [{ secretKey: 'api-token', remoteRef: { key: 'cloudflare', property: 'token' } }],
          },
        },
      ],
    });
    const rendered = () => renderCluster(defineCluster({ name: 'lab', external: ['crd:external-secrets.io'], components: [synced()] }));
    const e = problemsOf(rendered);
    expect(e.diagnostics.filter((d) => d.code === 'POLICY_PLAINTEXT_SECRET').map((d) => d.path)).toEqual([
      'demo/app/externalsecret.yaml:spec.target.template.data.password',
    ]);
  });
});

describe('secrets found by value', () => {
  // Built from parts so that no scanner takes this file for a leak.
  const pem = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE', 'KEY-----'].join(' ');
  const slack = ['https://hooks.slack.com/services', 'T0123ABCD', 'B0123ABCD', 'abcdefghijklmnopqrstuvwx'].join('/');
  const discord = ['https://discord.com/api/webhooks', '123456789012345678', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_-0123'].join('/');
  const github = ['ghp', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'].join('_');
  const gitlab = ['glpat', 'abcdefghij1234567890'].join('-');
  const aws = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
  const jwt = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');

  it.each([
    ['a PEM private key', pem],
    ['a Slack webhook URL', slack],
    ['a Discord webhook URL', discord],
    ['a GitHub token', github],
    ['a GitLab token', gitlab],
    ['an AWS access key', aws],
    ['a JSON Web Token', jwt],
    ['a URL with a password in its user part', 'cifs://backup:s3cr3t@nas.home.arpa/longhorn'],
    ['a URL with a password in its user part', 'postgres://app:hunter2@db:5432/app?sslmode=disable'],
    ['a `password=` or `secret=` option', 'dir_mode=0777,username=kube,password=hunter2'],
    ['a `password=` or `secret=` option', 'Server=db;User Id=app;Password=hunter2;'],
  ])('%s', (what, value) => expect(secretShapeIn(value)).toBe(what));

  it.each([
    'cifs://nas.home.arpa/longhorn',
    's3://backups@us-east-1/',
    'https://user@example.com/repo.git',
    'https://${USER}:${PASSWORD}@example.com',
    'dir_mode=0777,file_mode=0777,uid=1000,mfsymlinks',
    'password=${SMB_PASSWORD}',
    '-----BEGIN CERTIFICATE-----',
    'https://hooks.slack.com/',
  ])('%s is not a secret by its shape', (value) => expect(secretShapeIn(value)).toBeUndefined());

  it('flags values by shape under any key, in values and objects; booleans, numbers, substitutions and Secret names pass', () => {
    const component = defineComponent({
      ...spec,
      objects: (_v, ctx) => [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: ctx.namespace }, data: { 'mount.opts': 'vers=3.0,password=hunter2' } },
      ],
    });
    const e = problems([
      component({
        helmValues: {
          tls: { ca: { key: pem, cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' } },
          alertmanager: { config: { global: { slack_api_url: slack } } },
          backup: { target: 'cifs://backup:s3cr3t@nas.home.arpa/longhorn' },
          auth: { password: 'false', token: '3', apiKey: '${API_KEY}', secretName: 'cloudflare-token', enabled: true },
          signing: { key: 'Zx8#kQ2!vL9$mN4@pR7%tW1^' },
          labels: { key: 'app.kubernetes.io/name' },
        },
      }),
    ]);
    expect(e.diagnostics.filter((d) => d.code === 'POLICY_PLAINTEXT_SECRET').map((d) => [d.path, d.message.split(' written')[0]])).toEqual([
      ['values.tls.ca.key', 'holds a PEM private key'],
      ['values.alertmanager.config.global.slack_api_url', 'holds a Slack webhook URL'],
      ['values.backup.target', 'holds a URL with a password in its user part'],
      ['values.signing.key', 'holds a random-looking key or token'],
      ['demo/app/configmap.yaml:data["mount.opts"]', 'holds a `password=` or `secret=` option'],
    ]);
    expect(e.message).not.toContain('hunter2');
    expect(e.message).not.toContain('s3cr3t');
  });

  it('finds what the full patterns find: the quick tests before them never hide a shape', () => {
    // The patterns as they are, each run over the whole text: what secretShapeIn answered before its quick tests.
    const reference = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@/gi;
    const inline = /(?:^|[\s,;&?])(?:password|passwd|pass|pwd|secret|client_secret|token)\s*=\s*([^\s,;&]+)/gi;
    const substitution = /^(\$\{[^}]+\}|\{\{.*\}\}|\$\([^)]+\)|\$[A-Z_][A-Z0-9_]*)$/s;
    const shapes = [pem, slack, discord, github, gitlab, aws, jwt];
    const plain = (text: string): boolean =>
      shapes.some((x) => text.includes(x)) ||
      [...text.matchAll(reference)].some((m) => !substitution.test(m[1]!)) ||
      [...text.matchAll(inline)].some((m) => !substitution.test(m[1]!) && !/^["']?$/.test(m[1]!));
    const readmes = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? readmes(join(dir, e.name)) : e.name.endsWith('.md') ? [readFileSync(join(dir, e.name), 'utf8')] : []));
    const clusters = fileURLToPath(new URL('../../../clusters/', import.meta.url));
    const texts = [
      ...readdirSync(clusters).flatMap((c) => (existsSync(join(clusters, c, 'flux/infra')) ? readmes(join(clusters, c, 'flux/infra')) : [])),
      'a://b://user:pw@host', 'x://:pw@host', 'x://user:@host', 'HTTPS://User:Pw@Host', 'git+ssh://u:p@h/repo', '_a://u:p@h', 'see http://a/b then u:p@c',
      'ssh://git@github.com/x.git', 'https://${U}:${P}@h and s3://k:v@bucket', 'end ://', '://u:p@h', 'a.b-c+d://u:p@h',
      'pass = x', 'PASSWORD=hunter2', 'x client_secret=abc', 'token=${T}', 'token="', 'secretName=x', 'passwd= y', 'my_password=z', 'opts,pwd=q',
      ...shapes.map((x) => `text before ${x} and after`),
    ];
    expect(texts.length).toBeGreaterThan(30);
    for (const text of texts) expect(secretShapeIn(text) !== undefined, text.slice(0, 80)).toBe(plain(text));
  });

  it('finds secrets in README text line by line', () => {
    expect(secretsInText(`# Title\n\nBackups go to cifs://backup:s3cr3t@nas/longhorn\n`)).toEqual([{ line: 3, what: 'a URL with a password in its user part' }]);
    expect(secretsInText('Backups go to cifs://nas/longhorn')).toEqual([]);
  });
});

describe('no secret reaches a README', () => {
  it('a secret that only the README carries (a feature line) is refused at its README line', () => {
    const url = ['cifs://backup', 's3cr3t@nas.home.arpa/backups'].join(':');
    const leaky = defineComponent({ ...spec, features: () => [`Backups to ${url}`] });
    const e = problems([leaky()]);
    const found = e.diagnostics.filter((d) => d.code === 'POLICY_PLAINTEXT_SECRET');
    // Feature lines appear in the component's README only (the cluster README links to it).
    expect(found.map((d) => d.path!.replace(/:\d+$/, ''))).toEqual(['demo/README.md']);
    expect(e.message).not.toContain('s3cr3t');
  });
});
