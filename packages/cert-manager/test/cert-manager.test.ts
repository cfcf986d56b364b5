import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { onePasswordBackend } from '@fluxgen/onepassword-connect';
import { certManager } from '../src/index.js';

/** The homelab configuration: Let's Encrypt through Cloudflare (1Password token), a wildcard for the Gateway, a private CA. */
const full = () =>
  certManager({
    replicas: 2,
    serviceMonitor: true,
    issuers: [
      {
        name: 'letsencrypt-production',
        acme: {
          email: 'admin@example.com',
          solver: { cloudflare: { apiToken: { onePassword: { item: 'vaults/homelab/items/cloudflare' } } } },
          dnsZones: ['example.com'],
        },
      },
      {
        name: 'letsencrypt-rfc2136',
        acme: {
          server: 'staging',
          solver: { rfc2136: { nameserver: '192.168.1.53', tsigKeyName: 'cert-manager', tsigSecret: { existingSecret: 'tsig' } } },
          dnsZones: ['home.example.com'],
        },
      },
      { name: 'selfsigned', selfSigned: {} },
      { name: 'homelab-ca', ca: { secretName: 'homelab-ca' } },
    ],
    certificates: [
      { name: 'wildcard', namespace: 'network', dnsNames: ['*.example.com', 'example.com'], issuer: 'letsencrypt-production', secretName: 'wildcard-tls' },
      { name: 'homelab-ca', dnsNames: ['homelab-ca'], issuer: 'selfsigned', secretName: 'homelab-ca', isCA: true },
    ],
  });
const fullExternal = ['crd:monitoring.coreos.com', 'crd:onepassword.com', 'secret:cert-manager/tsig', 'namespace:network'];

/** HTTP-01 through a Gateway declared outside this tree, with Route53 for the wildcard. */
const http01 = () =>
  certManager({
    gatewayAPI: true,
    issuers: [
      { name: 'le-http', acme: { profile: 'shortlived', solver: { http01: { gateway: { name: 'public', namespace: 'network', sectionName: 'http' } } } } },
      { name: 'le-aws', acme: { solver: { route53: { region: 'eu-west-1', credentials: { existingSecret: 'aws' } } } } },
    ],
    certificates: [{ name: 'app', dnsNames: ['app.example.com'], issuer: 'le-http', secretName: 'app-tls' }],
  });
const http01External = ['crd:gateway.networking.k8s.io', 'gateway:network/public', 'secret:cert-manager/aws'];

describe('cert-manager', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([certManager()]).files)).toEqual([]);
  });

  it('defaults: OCI chart with the v prefix, restricted namespace, CRDs with the release', () => {
    const { files, model } = renderForTest([certManager()]);
    const release = doc(files, 'cert-manager/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'cert-manager', namespace: 'cert-manager' });
    expect(doc(files, 'cert-manager/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://quay.io/jetstack/charts/cert-manager',
      ref: { tag: 'v1.21.1' },
    });
    expect(doc(files, 'cert-manager/app/namespace.yaml')['metadata'].labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(release['spec'].values).toEqual({
      crds: { enabled: true, keep: true },
      replicaCount: 1,
      podDisruptionBudget: { enabled: false },
      webhook: { replicaCount: 1, podDisruptionBudget: { enabled: false } },
      dns01RecursiveNameservers: 'https://1.1.1.1/dns-query,https://1.0.0.1/dns-query',
      dns01RecursiveNameserversOnly: true,
    });
    expect(files.has('cert-manager/config/kustomization.yaml')).toBe(false);
    expect(model.components[0]!.provides).toEqual(['crd:cert-manager.io', 'crd:acme.cert-manager.io']);
    expect(model.components[0]!.needs).toEqual([]);
  });

  it('fully configured: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] }).files)).toEqual([]);
  });

  it('fully configured: issuers, certificates, secrets and the config unit', () => {
    const { files, model } = renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] });
    const values = doc(files, 'cert-manager/app/helmrelease.yaml')['spec'].values;
    expect(values.replicaCount).toBe(2);
    expect(values.webhook).toEqual({ replicaCount: 2, podDisruptionBudget: { enabled: true } });
    expect(values.prometheus).toEqual({ enabled: true, servicemonitor: { enabled: true } });
    expect(values).not.toHaveProperty('extraArgs');
    expect(values).not.toHaveProperty('installCRDs');
    const c = model.components[0]!;
    expect(c.provides).toEqual([
      'crd:cert-manager.io',
      'crd:acme.cert-manager.io',
      'secret:network/wildcard-tls',
      'secret:cert-manager/homelab-ca',
      'secret:cert-manager/letsencrypt-production-account-key',
      'secret:cert-manager/letsencrypt-rfc2136-account-key',
    ]);
    expect(c.needs).toEqual(['crd:monitoring.coreos.com', 'crd:onepassword.com', 'secret:cert-manager/tsig']);
    // The Certificate in `network` waits for that namespace; the CA issuer's Secret is its own Certificate's.
    expect(c.configNeeds).toEqual(['namespace:network']);
    const config = [...files.keys()].filter((f) => f.startsWith('cert-manager/config/')).sort();
    expect(config).toEqual(['cert-manager/config/certificate.yaml', 'cert-manager/config/clusterissuer.yaml', 'cert-manager/config/kustomization.yaml']);
    expect(doc(files, 'cert-manager/app/onepassworditem.yaml')).toEqual({
      apiVersion: 'onepassword.com/v1',
      kind: 'OnePasswordItem',
      metadata: { name: 'letsencrypt-production-cloudflare', namespace: 'cert-manager' },
      spec: { itemPath: 'vaults/homelab/items/cloudflare' },
    });
    const issuers = files.get('cert-manager/config/clusterissuer.yaml')!;
    expect(issuers).toContain('apiTokenSecretRef:');
    expect(issuers).toContain('nameserver: 192.168.1.53:53');
    expect(issuers).toContain('server: https://acme-staging-v02.api.letsencrypt.org/directory');
    const ks = files.get('cert-manager/ks.yaml')!;
    expect(ks).toContain('name: cert-manager-config');
  });

  it('HTTP-01 through a Gateway: the flag, the Gateway API CRDs, the parentRef', () => {
    const { files, model } = renderForTest([http01()], { external: http01External });
    expect(goldenDiff(new URL('./golden/http01', import.meta.url), files)).toEqual([]);
    const values = doc(files, 'cert-manager/app/helmrelease.yaml')['spec'].values;
    expect(values.extraArgs).toEqual(['--enable-gateway-api']);
    expect(values).not.toHaveProperty('config');
    expect(model.components[0]!.needs).toContain('crd:gateway.networking.k8s.io');
    const issuers = files.get('cert-manager/config/clusterissuer.yaml')!;
    expect(issuers).toContain('gatewayHTTPRoute:');
    expect(issuers).toContain('sectionName: http');
    expect(issuers).toContain('profile: shortlived');
    expect(issuers).toContain('accessKeyIDSecretRef:');
  });

  it('a Certificate whose issuer is missing names the known ones', () => {
    const error = problemsOf(() =>
      renderForTest([certManager({ issuers: [{ name: 'ss', selfSigned: {} }], certificates: [{ name: 'a', dnsNames: ['a.example.com'], issuer: 'nope', secretName: 'a' }] })]),
    );
    expect(error.diagnostics.map((d) => [d.code, d.path])).toEqual([['VALUE_INVALID', 'certificates[0].issuer']]);
    expect(error.diagnostics[0]!.hint).toContain('"ss"');
  });

  it('README: features, security, secrets and troubleshooting of the configuration', () => {
    const { files } = renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] });
    const readme = files.get('cert-manager/README.md')!;
    expect(readme).toContain('- CRDs installed and upgraded with the release, kept when it is removed (`crds.enabled`, `crds.keep`)');
    expect(readme).toContain(
      '- ClusterIssuer `letsencrypt-production`: ACME `https://acme-v02.api.letsencrypt.org/directory`, DNS-01 through Cloudflare for `example.com`',
    );
    expect(readme).toContain('- ClusterIssuer `letsencrypt-rfc2136`: ACME `https://acme-staging-v02.api.letsencrypt.org/directory`, DNS-01 through RFC 2136 at `192.168.1.53:53` for `home.example.com`');
    expect(readme).toContain('- Certificate `network/wildcard` for `*.example.com`, `example.com` from `letsencrypt-production`, stored in Secret `wildcard-tls`');
    expect(readme).toContain('- 2 controller and webhook replicas with PodDisruptionBudgets');
    expect(readme).toContain('The CA private key sits in a Secret in `cert-manager`');
    expect(readme).toContain(
      '- `letsencrypt-production-cloudflare` in `cert-manager`: Cloudflare API token of ClusterIssuer `letsencrypt-production`. From 1Password item `vaults/homelab/items/cloudflare`, with the keys `api-token`.',
    );
    expect(readme).toContain('kubectl get clusterissuers -o wide');
    expect(readme).toContain('kubectl get certificaterequests,orders.acme.cert-manager.io,challenges.acme.cert-manager.io -A');
    expect(readme).toContain('Metrics (port http-metrics since v1.21)');
    const http = renderForTest([http01()], { external: http01External }).files.get('cert-manager/README.md')!;
    expect(http).toContain('- Gateway API support (`--enable-gateway-api`): HTTP-01 through Gateways, certificates for annotated Gateways');
    expect(http).toContain('HTTP-01 through Gateway `network/public`');
    expect(http).toContain('kubectl get httproutes -A -l acme.cert-manager.io/http01-solver=true');
  });
});
