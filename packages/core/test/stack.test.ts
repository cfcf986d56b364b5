import { describe, expect, it } from 'vitest';
import { defineCluster, renderCluster } from '../src/index.js';
import { doc, problemsOf } from '../src/testing.js';
import { cni, mesh } from './stack.js';

const render = (components: Parameters<typeof defineCluster>[0]['components']) =>
  renderCluster(defineCluster({ name: 'lab', components }));

describe('components see each other: facts and stack rules', () => {
  it('derives the CNI values from the mesh in ambient mode, and records why', () => {
    const { files, model } = render([mesh(), cni()]);
    const values = doc(files, 'cni/app/helmrelease.yaml')['spec'].values;
    expect(values).toEqual({ routing: 'native', cni: { exclusive: false }, socketLB: { hostNamespaceOnly: true } });
    const c = model.components.find((x) => x.name === 'cni')!;
    expect(c.derived).toEqual([
      { helmPath: 'cni.exclusive', value: false, from: { component: 'mesh', path: 'profile' }, reason: 'an ambient mesh chains its CNI plugin after this one' },
      {
        helmPath: 'socketLB.hostNamespaceOnly',
        value: true,
        from: { component: 'mesh', path: 'profile' },
        reason: 'ambient redirection needs socket load balancing in the host namespace only',
      },
    ]);
    expect(model.facts.one('mesh')).toEqual({ kind: 'mesh', mode: 'ambient', path: 'profile', from: 'mesh' });
    // Both READMEs say so: the value and why in the CNI's, the cause in the mesh's.
    expect(files.get('cni/README.md')).toContain(
      '| `cni.exclusive` | `false` | [mesh](../mesh/README.md) (`profile`) | an ambient mesh chains its CNI plugin after this one |',
    );
    expect(files.get('mesh/README.md')).toContain('| [cni](../cni/README.md) | `socketLB.hostNamespaceOnly` | `true` |');
  });

  it('derives nothing without the mesh, or with a mesh in sidecar mode', () => {
    for (const components of [[cni()], [mesh({ profile: 'sidecar' }), cni()]]) {
      const { files, model } = render(components);
      expect(doc(files, 'cni/app/helmrelease.yaml')['spec'].values).toEqual({ routing: 'native' });
      expect(model.components.find((x) => x.name === 'cni')!.derived).toEqual([]);
      expect(files.get('cni/README.md')).not.toContain('Derived from other components');
    }
  });

  it('a value the cluster set to what the rule derives is no conflict', () => {
    const { files } = render([mesh(), cni({ exclusive: false, helmValues: { socketLB: { hostNamespaceOnly: true } } })]);
    expect(doc(files, 'cni/app/helmrelease.yaml')['spec'].values.cni).toEqual({ exclusive: false });
  });

  it('reports STACK_CONFLICT with both components, both value paths and the fix', () => {
    const e = problemsOf(() => render([mesh(), cni({ exclusive: true, helmValues: { socketLB: { hostNamespaceOnly: false } } })]));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({
        code: 'STACK_CONFLICT',
        component: 'cni',
        path: 'exclusive',
        got: true,
        message: 'must be false because mesh (profile) publishes a service mesh in ambient mode: an ambient mesh chains its CNI plugin after this one',
        hint: 'remove exclusive from cni (fluxgen sets it while mesh is in the cluster), or remove mesh',
      }),
      expect.objectContaining({ code: 'STACK_CONFLICT', component: 'cni', path: 'helmValues.socketLB.hostNamespaceOnly', got: false }),
    ]);
  });
});
