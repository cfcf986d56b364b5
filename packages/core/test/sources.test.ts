import { describe, expect, it } from 'vitest';
import { defineCluster, FluxgenError, renderCluster } from '../src/index.js';
import { doc } from '../src/testing.js';
import { app, gitCrds, vault } from './components.js';

describe('secret references', () => {
  it('a 1Password item becomes a OnePasswordItem next to the consumer, ordered after the operator', () => {
    const { files, model } = renderCluster(
      defineCluster({ name: 'lab', components: [app({ credentials: { onePassword: { item: 'vaults/lab/items/app' } } }), vault()] }),
    );
    expect(doc(files, 'app/app/onepassworditem.yaml')).toEqual({
      apiVersion: 'onepassword.com/v1',
      kind: 'OnePasswordItem',
      metadata: { name: 'app-credentials', namespace: 'app' },
      spec: { itemPath: 'vaults/lab/items/app' },
    });
    expect(doc(files, 'app/app/helmrelease.yaml')['spec'].values).toEqual({ auth: { existingSecret: 'app-credentials' } });
    expect(model.components.find((c) => c.name === 'app')!.dependsOn).toEqual([{ name: 'vault', because: ['crd:onepassword.com'] }]);
    expect(files.get('app/README.md')).toContain(
      '- `app-credentials` in `app`: login. From 1Password item `vaults/lab/items/app`, with the keys `username` and `password`.',
    );
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
