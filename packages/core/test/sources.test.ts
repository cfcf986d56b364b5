import { describe, expect, it } from 'vitest';
import { defineCluster, FluxgenError, renderCluster } from '../src/index.js';
import { doc, problemsOf } from '../src/testing.js';
import { app, gitCrds, vault, vaultBackend } from './components.js';

describe('secret references', () => {
  it("a backend reference becomes the backend's objects next to the consumer, ordered after the component that runs it", () => {
    const { files, model } = renderCluster(
      defineCluster({ name: 'lab', components: [app({ credentials: { vault: { path: 'lab/app' } } }), vault()] }),
    );
    expect(doc(files, 'app/app/vaultsecret.yaml')).toEqual({
      apiVersion: 'vault.example.com/v1',
      kind: 'VaultSecret',
      metadata: { name: 'app-credentials', namespace: 'app' },
      spec: { path: 'lab/app' },
    });
    expect(doc(files, 'app/app/helmrelease.yaml')['spec'].values).toEqual({ auth: { existingSecret: 'app-credentials' } });
    const consumer = model.components.find((c) => c.name === 'app')!;
    expect(consumer.dependsOn).toEqual([{ name: 'vault', because: ['crd:vault.example.com'] }]);
    expect(consumer.secrets).toEqual([
      expect.objectContaining({ name: 'app-credentials', backend: 'vault', path: 'credentials', reference: 'lab/app', producedInTree: true }),
    ]);
    expect(files.get('app/README.md')).toContain(
      '- `app-credentials` in `app`: login. From Vault path `lab/app`, with the keys `username` and `password`.',
    );
    expect(files.get('README.md')).toContain('kubectl get vaultsecrets -A');
  });

  it('a backend reference is checked against the backend, at the path of the source', () => {
    const e = problemsOf(() =>
      renderCluster(defineCluster({ name: 'lab', components: [app({ credentials: { vault: { pth: 'x' } as never } }), vault()] })),
    );
    expect(e.diagnostics.map((d) => [d.code, d.component, d.path])).toEqual([
      ['VALUE_MISSING', 'app', 'credentials.vault.path'],
      ['VALUE_UNKNOWN_KEY', 'app', 'credentials.vault.pth'],
    ]);
  });

  it('a backend that its component runs only in another configuration is missing, with what turns it on', () => {
    const e = problemsOf(() =>
      renderCluster(
        defineCluster({ name: 'lab', components: [app({ credentials: { vault: { path: 'lab/app' } } }), vault({ operator: false })] }),
      ),
    );
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'SECRET_BACKEND_MISSING', component: 'app', path: 'credentials.vault', got: 'vault' }),
    ]);
    expect(e.diagnostics[0]!.hint).toContain('vault({ operator: true })');
  });

  it('a backend no one provides is missing; a near miss of a known key is unknown', () => {
    const only = (credentials: object) =>
      problemsOf(() => renderCluster(defineCluster({ name: 'lab', components: [app({ credentials } as never)] }))).diagnostics;
    expect(only({ vault: { path: 'lab/app' } })).toEqual([
      expect.objectContaining({ code: 'SECRET_BACKEND_MISSING', path: 'credentials.vault', got: 'vault' }),
    ]);
    expect(only({ existingSecrets: 'x' })).toEqual([
      expect.objectContaining({ code: 'SECRET_BACKEND_UNKNOWN', path: 'credentials.existingSecrets', hint: expect.stringContaining('"existingSecret"') }),
    ]);
  });

  it('a cluster backend that is not a backend (a factory not called) is a cluster error', () => {
    const factory = function vaultBackendFactory() {
      return vaultBackend;
    };
    const e = problemsOf(() =>
      renderCluster(defineCluster({ name: 'lab', secretBackends: [factory as never], components: [app({ credentials: { existingSecret: 'x' } })] })),
    );
    expect(e.diagnostics[0]).toMatchObject({ code: 'CLUSTER_INVALID', path: 'secretBackends[0]', hint: 'call it: `vaultBackendFactory()`' });
  });

  it('a backend listed in the cluster needs no component', () => {
    const { model } = renderCluster(
      defineCluster({
        name: 'lab',
        external: ['crd:vault.example.com'],
        secretBackends: [vaultBackend],
        components: [app({ credentials: { vault: { path: 'lab/app' } } })],
      }),
    );
    expect(model.components[0]!.needs).toEqual(['crd:vault.example.com']);
  });

  it('an existing Secret must be declared external, or it is a dangling reference', () => {
    const components = [app({ credentials: { existingSecret: 'hand-made' } })];
    let error: unknown;
    try {
      renderCluster(defineCluster({ name: 'lab', components }));
    } catch (e) {
      error = e;
    }
    expect((error as FluxgenError).diagnostics[0]).toMatchObject({
      code: 'REFERENCE_DANGLING',
      component: 'app',
      message: 'needs secret:app/hand-made, which no component of the cluster provides',
    });
    const ok = renderCluster(defineCluster({ name: 'lab', external: ['secret:app/hand-made'], components }));
    expect(doc(ok.files, 'app/app/helmrelease.yaml')['spec'].values.auth.existingSecret).toBe('hand-made');
  });
});

describe('Git components', () => {
  it('are applied from a pinned GitRepository, with their objects in config/', () => {
    const { files } = renderCluster(defineCluster({ name: 'lab', components: [gitCrds({ things: ['a'] })] }));
    expect([...files.keys()].filter((p) => p.startsWith('git-crds/'))).toEqual([
      'git-crds/README.md',
      'git-crds/config/kustomization.yaml',
      'git-crds/config/thing.yaml',
      'git-crds/gitrepository.yaml',
      'git-crds/ks.yaml',
    ]);
    expect(doc(files, 'git-crds/gitrepository.yaml')).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'git-crds', namespace: 'flux-system' },
      spec: { interval: '1h', url: 'https://github.com/example/crds', ref: { tag: 'v1.0.0' }, ignore: '/*\n!/config/crd\n' },
    });
    expect(doc(files, 'kustomization.yaml')['resources']).toEqual(['git-crds/gitrepository.yaml', 'git-crds/ks.yaml']);
    expect(files.get('git-crds/ks.yaml')).toContain('path: ./config/crd\n');
    expect(files.get('git-crds/ks.yaml')).toContain('sourceRef:\n    kind: GitRepository\n    name: git-crds\n');
  });

  it('take a tag override through `version`', () => {
    const { files } = renderCluster(defineCluster({ name: 'lab', components: [gitCrds({ version: 'v1.1.0' })] }));
    expect(doc(files, 'git-crds/gitrepository.yaml')['spec'].ref).toEqual({ tag: 'v1.1.0' });
  });
});
