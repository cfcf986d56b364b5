import { describe, expect, it } from 'vitest';
import { defineCluster, renderCluster, type ClusterOptions } from '../src/index.js';
import { problemsOf } from '../src/testing.js';
import { web } from './components.js';

const load = (options: unknown) => problemsOf(() => renderCluster(defineCluster(options as ClusterOptions)));

describe('the shape of the cluster file is checked, never thrown', () => {
  it('an unknown defineCluster key, with the nearest key, even when it holds components', () => {
    const e = load({ name: 'lab', component: [web()] });
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'CLUSTER_INVALID', path: 'component', hint: 'did you mean "components"?' }),
      expect.objectContaining({ code: 'CLUSTER_INVALID', path: 'components', message: 'is required' }),
    ]);
  });

  it('an entry that is not a component, and a factory that was not called, by index', () => {
    const e = load({ name: 'lab', components: [web(), false, web, undefined] });
    expect(e.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      ['CLUSTER_INVALID', 'components[1]', 'is not a component'],
      ['CLUSTER_INVALID', 'components[2]', 'is the web component itself, not a use of it'],
      ['CLUSTER_INVALID', 'components[3]', 'is not a component'],
    ]);
    expect(e.diagnostics[1]!.hint).toBe('call it: web() or web({ … })');
  });

  it('components that is not a list', () => {
    expect(load({ name: 'lab', components: web() }).diagnostics).toEqual([
      expect.objectContaining({ code: 'CLUSTER_INVALID', path: 'components', message: 'must be a list of components' }),
    ]);
  });

  it('a malformed external capability, in words', () => {
    const e = load({ name: 'lab', external: ['secret:plain', 'crds:x.io'], components: [web()] });
    expect(e.diagnostics.map((d) => [d.path, d.message, d.hint])).toEqual([
      ['external[0]', 'the name after "secret:" must be <namespace>/<name>, both lowercase DNS names', 'write <namespace>/<name>, e.g. secret:monitoring/app-credentials'],
      ['external[1]', '"crds" is not a kind of capability', 'write <kind>:<name> with a kind of crd, storage-class, secret, configmap, namespace, gateway'],
    ]);
  });
});
