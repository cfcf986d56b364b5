import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecks } from '@fluxgen/core/testing';
import { doc, goldenDiff, parseYamlFile, renderForTest, problemsOf } from '@fluxgen/core/testing';
import { gatewayApi, gatewayApiCrds, GATEWAY_API_VERSION } from '../src/index.js';

/** Two shared Gateways: a LAN one on a fixed LB IPAM address, and a selective one with TLS passthrough. */
const full = () =>
  gatewayApi({
    gateways: [
      {
        name: 'internal',
        addresses: ['192.168.1.220'],
        annotations: { 'external-dns.alpha.kubernetes.io/target': 'internal.home.example.com' },
        infrastructure: { annotations: { 'lbipam.cilium.io/sharing-key': 'internal' }, labels: { exposure: 'lan' } },
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80 },
          { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.home.example.com', certificates: ['wildcard-home-tls'] },
        ],
      },
      {
        name: 'external',
        gatewayClassName: 'cilium',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: 'example.com',
            certificates: ['example-com-tls', 'example-com-ecdsa-tls'],
            allowedRoutes: { from: 'Selector', selector: { 'gateway.example.com/external': 'true' } },
          },
          { name: 'passthrough', protocol: 'TLS', port: 8443, hostname: 'vpn.example.com', allowedRoutes: { from: 'Same' } },
        ],
      },
    ],
  });
const secrets = ['secret:kube-system/wildcard-home-tls', 'secret:kube-system/example-com-tls', 'secret:kube-system/example-com-ecdsa-tls'];

/**
 * What core's checks say of the fully configured tree with its first Gateway changed by `change`:
 * the emitted objects are checked against the CRDs the component vendors (`crds`).
 */
function checkFirstGateway(change: (gateway: Record<string, any>) => void) {
  const rendered = renderForTest([full()], { external: secrets });
  const [first, ...rest] = rendered.documents.get('gateway-api/config/gateway.yaml') as Record<string, any>[];
  const changed = structuredClone(first!);
  change(changed);
  const documents = new Map([...rendered.documents, ['gateway-api/config/gateway.yaml', [changed, ...rest]]]);
  return runChecks({ model: rendered.model, documents, paths: [...rendered.files.keys()], external: secrets });
}

describe('gateway-api', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([gatewayApi()]).files)).toEqual([]);
  });

  it('defaults: the standard-channel CRDs from the pinned tag, nothing else', () => {
    const { files, model } = renderForTest([gatewayApi()]);
    expect([...files.keys()].filter((p) => p.startsWith('gateway-api/'))).toEqual([
      'gateway-api/README.md',
      'gateway-api/gitrepository.yaml',
      'gateway-api/ks.yaml',
    ]);
    expect(doc(files, 'gateway-api/gitrepository.yaml')).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'gateway-api', namespace: 'flux-system' },
      spec: {
        interval: '1h',
        url: 'https://github.com/kubernetes-sigs/gateway-api',
        ref: { tag: 'v1.6.1' },
        ignore: '# fetch only the standard-channel CRDs\n/*\n!/config/crd/kustomization.yaml\n!/config/crd/standard\n',
      },
    });
    const ks = doc(files, 'gateway-api/ks.yaml');
    expect(ks['metadata']).toEqual({ name: 'gateway-api', namespace: 'flux-system' });
    expect(ks['spec']).toMatchObject({
      path: './config/crd',
      prune: false,
      wait: true,
      sourceRef: { kind: 'GitRepository', name: 'gateway-api' },
    });
    expect(ks['spec'].dependsOn).toBeUndefined();
    const c = model.components[0]!;
    expect(c.provides).toEqual(['crd:gateway.networking.k8s.io']);
    expect(c.needs).toEqual([]);
    expect(c.secrets).toEqual([]);
  });

  it('the vendored CRDs are the tag the component pins, and config/crd builds the standard channel only', () => {
    expect(GATEWAY_API_VERSION).toBe(gatewayApi.spec.git!.tag);
    expect(gatewayApi.spec.git!.path).toBe('./config/crd');
    // Core checks Gateway API objects against the same standard channel the cluster gets.
    expect(gatewayApi.spec.crds?.href).toBe(new URL('standard/', gatewayApiCrds).href);
    const kustomization = parseYamlFile(readFileSync(new URL('kustomization.yaml', gatewayApiCrds), 'utf8'))[0] as {
      resources: string[];
    };
    const vendored = readdirSync(new URL('standard/', gatewayApiCrds)).sort();
    expect(kustomization.resources.every((r) => r.startsWith('standard/'))).toBe(true);
    expect(kustomization.resources.map((r) => r.slice('standard/'.length)).sort()).toEqual(vendored);
    for (const file of vendored) {
      for (const object of parseYamlFile(readFileSync(new URL(`standard/${file}`, gatewayApiCrds), 'utf8')) as {
        metadata: { annotations: Record<string, string> };
      }[]) {
        expect(object.metadata.annotations).toMatchObject({
          'gateway.networking.k8s.io/bundle-version': GATEWAY_API_VERSION,
          'gateway.networking.k8s.io/channel': 'standard',
        });
      }
    }
  });

  it('fully configured: matches the golden tree', () => {
    const rendered = renderForTest([full()], { external: secrets });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('fully configured: Gateways go to config/, applied after the CRDs', () => {
    const { files } = renderForTest([full()], { external: secrets });
    expect(doc(files, 'gateway-api/config/kustomization.yaml')['resources']).toEqual(['gateway.yaml']);
    const [main, config] = parseYamlFile(files.get('gateway-api/ks.yaml')!) as Record<string, any>[];
    expect(main!['spec'].path).toBe('./config/crd');
    expect(config!['metadata'].name).toBe('gateway-api-config');
    expect(config!['spec']).toMatchObject({
      dependsOn: [{ name: 'gateway-api' }],
      path: './clusters/test/flux/infra/gateway-api/config',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    });
  });

  it('fully configured: the Gateway objects', () => {
    const { files } = renderForTest([full()], { external: secrets });
    const [internal, external] = parseYamlFile(files.get('gateway-api/config/gateway.yaml')!) as Record<string, any>[];
    expect(internal).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'internal',
        namespace: 'kube-system',
        annotations: { 'external-dns.alpha.kubernetes.io/target': 'internal.home.example.com' },
      },
      spec: {
        gatewayClassName: 'cilium',
        addresses: [{ type: 'IPAddress', value: '192.168.1.220' }],
        infrastructure: { annotations: { 'lbipam.cilium.io/sharing-key': 'internal' }, labels: { exposure: 'lan' } },
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } },
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: '*.home.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'wildcard-home-tls' }] },
            allowedRoutes: { namespaces: { from: 'All' } },
          },
        ],
      },
    });
    expect(external!['spec'].listeners).toEqual([
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: 'example.com',
        tls: {
          mode: 'Terminate',
          certificateRefs: [
            { kind: 'Secret', name: 'example-com-tls' },
            { kind: 'Secret', name: 'example-com-ecdsa-tls' },
          ],
        },
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'gateway.example.com/external': 'true' } } } },
      },
      {
        name: 'passthrough',
        protocol: 'TLS',
        port: 8443,
        hostname: 'vpn.example.com',
        tls: { mode: 'Passthrough' },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ]);
    expect(external!['spec'].addresses).toBeUndefined();
  });

  it('core checks the Gateways against the vendored v1 CRD: a misspelled field, a bad enum, no listener', () => {
    expect(checkFirstGateway(() => undefined)).toEqual([]);
    expect(
      checkFirstGateway((g) => {
        g['spec'].listeners[1].tls.certificateRef = g['spec'].listeners[1].tls.certificateRefs;
      }),
    ).toMatchObject([
      {
        code: 'OBJECT_INVALID',
        component: 'gateway-api',
        path: 'gateway-api/config/gateway.yaml:spec.listeners[1].tls.certificateRef',
        hint: 'did you mean "certificateRefs"?',
      },
    ]);
    expect(checkFirstGateway((g) => void (g['spec'].listeners[1].tls.mode = 'Terminated'))).toMatchObject([
      { code: 'OBJECT_INVALID', path: 'gateway-api/config/gateway.yaml:spec.listeners[1].tls.mode' },
    ]);
    expect(checkFirstGateway((g) => void (g['spec'].listeners = []))).toMatchObject([
      { code: 'OBJECT_INVALID', path: 'gateway-api/config/gateway.yaml:spec.listeners' },
    ]);
    expect(checkFirstGateway((g) => void (g['apiVersion'] = 'gateway.networking.k8s.io/v1alpha2'))).toMatchObject([
      { code: 'OBJECT_INVALID', path: 'gateway-api/config/gateway.yaml:apiVersion', hint: expect.stringContaining('use apiVersion gateway.networking.k8s.io/v1') },
    ]);
  });

  it('a listener certificate is a Secret that must exist: a need of the Gateways (config/), documented in the README', () => {
    const { model, files } = renderForTest([full()], { external: secrets });
    const c = model.components[0]!;
    // The CRDs go in without waiting for certificates; the Gateways that use them wait.
    expect(c.needs).toEqual([]);
    expect(c.configNeeds).toEqual(expect.arrayContaining(secrets));
    expect(c.secrets.map((s) => `${s.namespace}/${s.name}`)).toEqual(secrets.map((s) => s.slice('secret:'.length)));
    expect(files.get('gateway-api/README.md')).toContain(
      '- `wildcard-home-tls` in `kube-system`: TLS certificate of Gateway `internal`, listener `https`. From existing Secret, with the keys `tls.crt` and `tls.key`.',
    );
    const error = catchError(() => renderForTest([full()], { external: secrets.slice(1) }));
    expect(error.diagnostics).toMatchObject([
      { code: 'REFERENCE_DANGLING', component: 'gateway-api', message: 'needs secret:kube-system/wildcard-home-tls, which no component of the cluster provides' },
    ]);
  });

  it('Gateways outside the system namespaces need their namespace to exist', () => {
    const gateways = [{ name: 'main', listeners: [{ name: 'http', protocol: 'HTTP' as const, port: 80 }] }];
    const error = catchError(() => renderForTest([gatewayApi({ namespace: 'network', gateways })]));
    expect(error.diagnostics).toMatchObject([{ code: 'DEPENDENCY_UNMET', message: 'needs namespace:network, which no component of the cluster provides' }]);
    const { files, model } = renderForTest([gatewayApi({ namespace: 'network', gateways })], { external: ['namespace:network'] });
    expect(model.components[0]!.configNeeds).toEqual(['namespace:network']);
    expect(doc(files, 'gateway-api/config/gateway.yaml')['metadata']).toEqual({ name: 'main', namespace: 'network' });
    // No Gateways, no namespace to wait for.
    expect(renderForTest([gatewayApi({ namespace: 'network' })]).model.components[0]!.configNeeds).toEqual([]);
  });

  it('a GatewayClass with parametersRef, a certificate in another namespace with its ReferenceGrant, and the HTTP→HTTPS redirect', () => {
    const { files, model } = renderForTest(
      [
        gatewayApi({
          gatewayClasses: [
            {
              name: 'cilium-lan',
              description: 'LAN Gateways',
              parametersRef: { group: 'cilium.io', kind: 'CiliumGatewayClassConfig', name: 'lan', namespace: 'kube-system' },
            },
          ],
          gateways: [
            {
              name: 'internal',
              gatewayClassName: 'cilium-lan',
              redirectToHttps: true,
              listeners: [
                { name: 'http', protocol: 'HTTP', port: 80 },
                { name: 'https', protocol: 'HTTPS', port: 443, certificates: [{ name: 'wildcard-tls', namespace: 'cert-manager' }, 'local-tls'] },
              ],
            },
          ],
        }),
      ],
      { external: ['crd:cilium.io', 'secret:cert-manager/wildcard-tls', 'secret:kube-system/local-tls', 'namespace:cert-manager'] },
    );
    expect(doc(files, 'gateway-api/config/gatewayclass.yaml')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'cilium-lan' },
      spec: {
        controllerName: 'io.cilium/gateway-controller',
        description: 'LAN Gateways',
        parametersRef: { group: 'cilium.io', kind: 'CiliumGatewayClassConfig', name: 'lan', namespace: 'kube-system' },
      },
    });
    const gateway = doc(files, 'gateway-api/config/gateway.yaml');
    expect(gateway['spec'].listeners[1].tls.certificateRefs).toEqual([
      { kind: 'Secret', name: 'wildcard-tls', namespace: 'cert-manager' },
      { kind: 'Secret', name: 'local-tls' },
    ]);
    expect(doc(files, 'gateway-api/config/referencegrant.yaml')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'gateways-from-kube-system', namespace: 'cert-manager' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'kube-system' }],
        to: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }],
      },
    });
    expect(doc(files, 'gateway-api/config/httproute.yaml')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'internal-https-redirect', namespace: 'kube-system' },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal', namespace: 'kube-system', sectionName: 'http' }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
    // The Gateways wait for both certificates, the ReferenceGrant for its namespace, the class for the parameters' CRDs.
    expect([...model.components[0]!.configNeeds].sort()).toEqual([
      'crd:cilium.io',
      'namespace:cert-manager',
      'secret:cert-manager/wildcard-tls',
      'secret:kube-system/local-tls',
    ]);
    expect(files.get('gateway-api/README.md')).toContain('certificate `cert-manager/wildcard-tls`, `local-tls`');
    expect(files.get('gateway-api/README.md')).toContain('; HTTP redirects to HTTPS');
  });

  it('a certificate in another namespace must exist there; a redirect needs an HTTP and an HTTPS listener', () => {
    const gateway = (certificates: ({ name: string; namespace: string } | string)[]) => ({
      name: 'internal',
      listeners: [{ name: 'https', protocol: 'HTTPS' as const, port: 443, certificates }],
    });
    const dangling = catchError(() => renderForTest([gatewayApi({ gateways: [gateway([{ name: 'wildcard-tls', namespace: 'cert-manager' }])] })], { external: ['namespace:cert-manager'] }));
    expect(dangling.diagnostics).toMatchObject([{ code: 'REFERENCE_DANGLING', component: 'gateway-api-config', message: 'needs secret:cert-manager/wildcard-tls, which no component of the cluster provides' }]);
    const redirect = catchError(() => renderForTest([gatewayApi({ gateways: [{ ...gateway(['t']), redirectToHttps: true }] })], { external: ['secret:kube-system/t'] }));
    expect(redirect.diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_INVALID', path: 'gateways[0].redirectToHttps', got: ['HTTPS'] })]);
  });
});

const catchError = problemsOf;
