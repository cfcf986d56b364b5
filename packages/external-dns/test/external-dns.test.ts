import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { onePasswordBackend } from '@fluxgen/onepassword-connect';
import { externalDns } from '../src/index.js';

/** The seed's split DNS: public records at Cloudflare (1Password token), LAN records at the UniFi router. */
const cloudflare = () =>
  externalDns({
    name: 'external-dns-cloudflare',
    provider: { cloudflare: { apiToken: { onePassword: { item: 'vaults/homelab/items/cloudflare' } }, proxied: true } },
    sources: ['gateway-httproute', 'crd'],
    domainFilters: ['example.com'],
    gatewayName: 'public',
    serviceMonitor: true,
  });
const unifi = () =>
  externalDns({
    name: 'external-dns-unifi',
    provider: { unifi: { host: 'https://192.168.1.1', apiKey: { existingSecret: 'unifi-api' } } },
    sources: ['gateway-httproute', 'service', 'crd'],
    domainFilters: ['home.example.com'],
    txtOwnerId: 'homelab-lan',
    crds: false,
  });
const splitExternal = ['crd:gateway.networking.k8s.io', 'crd:monitoring.coreos.com', 'crd:onepassword.com', 'secret:external-dns/unifi-api'];

/** BIND through RFC 2136 and a Pi-hole, both LAN-only. */
const lan = () => [
  externalDns({
    name: 'bind',
    provider: { rfc2136: { host: '192.168.1.53', zone: 'lan.example.com', tsigKeyName: 'externaldns', tsigSecret: { existingSecret: 'tsig' } } },
    sources: ['service', 'ingress'],
    domainFilters: ['lan.example.com'],
    policy: 'upsert-only',
  }),
  externalDns({
    name: 'pihole',
    provider: { pihole: { server: 'http://pihole-web.pihole.svc', password: { existingSecret: 'pihole' } } },
    sources: ['service'],
    domainFilters: ['home.arpa'],
    crds: false,
  }),
];
const lanExternal = ['secret:external-dns/tsig', 'secret:external-dns/pihole'];

describe('external-dns', () => {
  it('split DNS: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/split', import.meta.url), renderForTest([cloudflare(), unifi()], { external: splitExternal, secretBackends: [onePasswordBackend] }).files)).toEqual([]);
  });

  it('split DNS: Cloudflare instance values, CRD policy and facts', () => {
    const { files, model } = renderForTest([cloudflare(), unifi()], { external: splitExternal, secretBackends: [onePasswordBackend] });
    const release = doc(files, 'external-dns-cloudflare/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'external-dns-cloudflare', namespace: 'external-dns' });
    expect(release['spec'].chart.spec).toEqual({
      chart: 'external-dns',
      version: '1.21.1',
      sourceRef: { kind: 'HelmRepository', name: 'external-dns-cloudflare' },
    });
    expect(release['spec'].install.crds).toBe('Create');
    expect(release['spec'].upgrade.crds).toBe('CreateReplace');
    expect(release['spec'].values).toEqual({
      fullnameOverride: 'external-dns-cloudflare',
      provider: { name: 'cloudflare' },
      env: [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'external-dns-cloudflare-credentials', key: 'api-token' } } }],
      sources: ['gateway-httproute', 'crd'],
      domainFilters: ['example.com'],
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: 'test-external-dns-cloudflare',
      txtPrefix: 'k8s.%{record_type}-',
      triggerLoopOnEvent: true,
      extraArgs: ['--cloudflare-dns-records-per-page=5000', '--cloudflare-proxied', '--gateway-name=public'],
      serviceMonitor: { enabled: true },
    });
    const [cf, lanDns] = ['external-dns-cloudflare', 'external-dns-unifi'].map((n) => model.components.find((c) => c.name === n)!);
    expect(cf!.provides).toEqual(['crd:externaldns.k8s.io']);
    expect(cf!.needs).toEqual(['crd:gateway.networking.k8s.io', 'crd:monitoring.coreos.com', 'crd:onepassword.com']);
    expect(cf!.facts).toEqual([{ kind: 'crd-owner', group: 'externaldns.k8s.io', path: 'crds', from: 'external-dns-cloudflare' }]);
    // The second instance reads DNSEndpoints without installing the CRD: it comes after the first.
    expect(lanDns!.provides).toEqual([]);
    expect(lanDns!.needs).toEqual(['crd:gateway.networking.k8s.io', 'crd:externaldns.k8s.io', 'secret:external-dns/unifi-api']);
    expect(lanDns!.dependsOn.map((d) => d.name)).toContain('external-dns-cloudflare');
  });

  it('split DNS: the UniFi webhook runs as a restricted sidecar and the CRD is left alone', () => {
    const { files } = renderForTest([cloudflare(), unifi()], { external: splitExternal, secretBackends: [onePasswordBackend] });
    const release = doc(files, 'external-dns-unifi/app/helmrelease.yaml');
    expect(release['spec'].install.crds).toBe('Skip');
    expect(release['spec'].upgrade.crds).toBe('Skip');
    const values = release['spec'].values;
    expect(values.provider.name).toBe('webhook');
    expect(values.provider.webhook.image).toEqual({ repository: 'ghcr.io/kashalls/external-dns-unifi-webhook', tag: 'v0.8.2' });
    expect(values.provider.webhook.env).toEqual([
      { name: 'UNIFI_HOST', value: 'https://192.168.1.1' },
      { name: 'UNIFI_SITE', value: 'default' },
      { name: 'UNIFI_API_KEY', valueFrom: { secretKeyRef: { name: 'unifi-api', key: 'api-key' } } },
    ]);
    expect(values.provider.webhook.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(values.provider.webhook.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http-webhook' });
    expect(values.txtOwnerId).toBe('homelab-lan');
    expect(values).not.toHaveProperty('env');
    expect(values).not.toHaveProperty('extraArgs');
  });

  it('LAN providers: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/lan', import.meta.url), renderForTest(lan(), { external: lanExternal }).files)).toEqual([]);
  });

  it('LAN providers: RFC 2136 flags and TSIG secret; Pi-hole without a TXT registry', () => {
    const { files, model } = renderForTest(lan(), { external: lanExternal });
    const bind = doc(files, 'bind/app/helmrelease.yaml')['spec'].values;
    expect(bind.provider).toEqual({ name: 'rfc2136' });
    expect(bind.env).toEqual([{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', valueFrom: { secretKeyRef: { name: 'tsig', key: 'tsig-secret' } } }]);
    expect(bind.extraArgs).toEqual([
      '--rfc2136-host=192.168.1.53',
      '--rfc2136-port=53',
      '--rfc2136-zone=lan.example.com',
      '--rfc2136-tsig-keyname=externaldns',
      '--rfc2136-tsig-secret-alg=hmac-sha256',
      '--rfc2136-tsig-axfr',
    ]);
    expect(bind.policy).toBe('upsert-only');
    expect(bind.registry).toBe('txt');
    const pihole = doc(files, 'pihole/app/helmrelease.yaml')['spec'].values;
    expect(pihole.provider).toEqual({ name: 'pihole' });
    expect(pihole.registry).toBe('noop');
    expect(pihole).not.toHaveProperty('txtOwnerId');
    expect(pihole.extraArgs).toEqual(['--pihole-server=http://pihole-web.pihole.svc', '--pihole-api-version=6']);
    // No gateway or crd source: nothing but the namespace of the first instance is needed.
    expect(model.components.find((c) => c.name === 'pihole')!.needs).toEqual(['secret:external-dns/pihole']);
    expect(model.components.find((c) => c.name === 'bind')!.needs).toEqual(['secret:external-dns/tsig']);
  });

  it('two instances that both install the DNSEndpoint CRD are refused, naming the first', () => {
    const error = problemsOf(() => renderForTest([cloudflare(), externalDns({ name: 'second', provider: { pihole: { server: 'http://pihole', password: { existingSecret: 'p' } } }, domainFilters: ['home.arpa'] })]));
    const d = error.diagnostics.find((x) => x.path === 'crds')!;
    expect([d.code, d.component]).toEqual(['VALUE_INVALID', 'second']);
    expect(d.message).toContain('external-dns-cloudflare');
    expect(d.hint).toContain('crds: false');
  });

  it('an instance may still override the CRD policy through `release`', () => {
    const { files } = renderForTest([
      externalDns({ name: 'x', provider: { pihole: { server: 'http://pihole', password: { existingSecret: 'p' } } }, sources: ['service'], domainFilters: ['home.arpa'], release: { upgrade: { crds: 'Skip' } } }),
    ], { external: ['secret:external-dns/p'] });
    const release = doc(files, 'x/app/helmrelease.yaml');
    expect(release['spec'].install.crds).toBe('Create');
    expect(release['spec'].upgrade.crds).toBe('Skip');
  });

  it('README: each instance documents its provider, registry, CRD role and troubleshooting', () => {
    const { files } = renderForTest([cloudflare(), unifi()], { external: splitExternal, secretBackends: [onePasswordBackend] });
    const cf = files.get('external-dns-cloudflare/README.md')!;
    expect(cf).toContain('- Cloudflare records for `example.com` from `gateway-httproute`, `crd` (routes of Gateways named `public` only)');
    expect(cf).toContain('- TXT ownership registry: owner `test-external-dns-cloudflare`, prefix `k8s.%{record_type}-`');
    expect(cf).toContain('- Records proxied through Cloudflare');
    expect(cf).toContain('- Installs and upgrades the DNSEndpoint CRD (externaldns.k8s.io)');
    const lanDns = files.get('external-dns-unifi/README.md')!;
    expect(lanDns).toContain('- Leaves the DNSEndpoint CRD to another instance (Flux `crds: Skip`)');
    expect(lanDns).toContain(
      '- Waits for [ExternalDNS](../external-dns-cloudflare/README.md), which installs the `externaldns.k8s.io` CRDs and declares the namespace `external-dns`.',
    );
    expect(lanDns).toContain('kubectl -n external-dns logs deploy/external-dns-unifi -c webhook --tail=100');
    expect(lanDns).toContain('community image (`ghcr.io/kashalls/external-dns-unifi-webhook:v0.8.2`)');
    expect(lanDns).toContain('- `unifi-api` in `external-dns`: UniFi (webhook) credentials of `external-dns-unifi`. From existing Secret, with the keys `api-key`.');
    const pihole = renderForTest(lan(), { external: lanExternal }).files.get('pihole/README.md')!;
    expect(pihole).toContain('No TXT ownership registry (Pi-hole keeps no TXT records)');
    expect(pihole).toContain('`sync` without a TXT registry deletes every record under the domain filters');
  });

  it('OPNsense: webhook sidecar with both API keys, TLS verification switch, no TXT registry', () => {
    const { files, model } = renderForTest(
      [
        externalDns({
          name: 'opnsense-dns',
          provider: { opnsense: { host: 'https://opnsense.lan', credentials: { onePassword: { item: 'vaults/homelab/items/opnsense' } }, skipTLSVerify: true } },
          sources: ['service'],
          domainFilters: ['lan.example.com'],
          policy: 'upsert-only',
        }),
      ],
      { external: ['crd:onepassword.com'], secretBackends: [onePasswordBackend] },
    );
    const values = doc(files, 'opnsense-dns/app/helmrelease.yaml')['spec'].values;
    expect(values.provider.webhook.image).toEqual({ repository: 'ghcr.io/crutonjohn/external-dns-opnsense-webhook', tag: 'v0.1.0' });
    expect(values.provider.webhook.env).toEqual([
      { name: 'OPNSENSE_HOST', value: 'https://opnsense.lan' },
      { name: 'OPNSENSE_SKIP_TLS_VERIFY', value: 'true' },
      { name: 'OPNSENSE_API_KEY', valueFrom: { secretKeyRef: { name: 'opnsense-dns-credentials', key: 'api-key' } } },
      { name: 'OPNSENSE_API_SECRET', valueFrom: { secretKeyRef: { name: 'opnsense-dns-credentials', key: 'api-secret' } } },
    ]);
    expect(values.registry).toBe('noop');
    expect(values.policy).toBe('upsert-only');
    expect(doc(files, 'opnsense-dns/app/onepassworditem.yaml')['metadata']).toEqual({ name: 'opnsense-dns-credentials', namespace: 'external-dns' });
    expect(model.components[0]!.secrets.map((s) => s.keys)).toEqual([['api-key', 'api-secret']]);
    expect(files.get('opnsense-dns/README.md')).toContain('- The OPNsense certificate is not verified');
  });
});

