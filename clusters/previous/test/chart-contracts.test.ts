/**
 * Every key the templates of every vendored chart version read (its own template-keys.txt or the
 * one its contract borrows, and every subchart's under its alias) goes through `helmValues` of
 * the real component, pinned to that version: none is refused. Keys the templates read only to
 * `fail`, and that nothing declares, are refused as removed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cilium } from '@fluxgen/cilium';
import { defineCluster, FluxgenError, renderCluster, type ComponentFactory, type TObject } from '@fluxgen/core';
import { loadContract, parseTemplateKeys, versionFolder } from '@fluxgen/core/charts';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';
import { longhorn } from '@fluxgen/longhorn';
import { metricsServer } from '@fluxgen/metrics-server';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

const components: ComponentFactory<TObject>[] = [cilium, csiDriverSmb, longhorn, kubePrometheusStack, metricsServer, onepasswordConnect] as never;

/** Sets `path` to null in `root`; a longer path turns a null leaf into a map. `X.*` sets a key below X. */
function set(root: Record<string, unknown>, path: readonly string[]): void {
  let at = root;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (!(key in at)) at[key] = null;
      return;
    }
    if (at[key] === null || at[key] === undefined || typeof at[key] !== 'object') at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
}

function keysOf(dir: URL, version: string): { read: string[][]; removed: string[][] } {
  const contract = loadContract(dir, version)!;
  const read: string[][] = [];
  const removed: string[][] = [];
  const add = (file: URL, prefix: readonly string[]) => {
    if (!existsSync(file)) return;
    const keys = parseTemplateKeys(readFileSync(file, 'utf8'));
    const isRemoved = (p: readonly string[]) => {
      let node = contract.tree;
      for (const k of [...prefix, ...p]) node = node.c?.[k] ?? {};
      return node.r === 1;
    };
    for (const p of keys.exact) (isRemoved(p) ? removed : read).push([...prefix, ...p]);
    for (const p of keys.open) read.push([...prefix, ...p, 'anyKeyBelow']);
  };
  const from = contract.templateKeys?.from ?? version;
  add(new URL('template-keys.txt', versionFolder(dir, from)), []);
  for (const sub of contract.subcharts) {
    add(new URL(`charts/${sub.chart}/template-keys.txt`, versionFolder(dir, sub.from ?? version)), [sub.alias]);
  }
  return { read, removed };
}

const cases = components.flatMap((factory) => {
  const dir = factory.spec.chartData!;
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => [`${factory.spec.name} ${e.name}`, factory, dir, e.name] as const);
});

function refused(factory: ComponentFactory<TObject>, version: string, helmValues: Record<string, unknown>): string[] {
  try {
    renderCluster(defineCluster({ name: 'keys', components: [factory({ version, helmValues } as never)] }));
    return [];
  } catch (error) {
    if (!(error instanceof FluxgenError)) throw error;
    return error.diagnostics.filter((d) => d.code === 'HELM_VALUE_UNKNOWN' || d.code === 'HELM_VALUE_REMOVED').map((d) => `${d.code} ${d.path}`);
  }
}

describe('every template-read key of every vendored chart version', () => {
  it.each(cases)('%s: accepted through helmValues', (_name, factory, dir, version) => {
    const { read } = keysOf(dir, version);
    expect(read.length).toBeGreaterThan(20);
    const values: Record<string, unknown> = {};
    for (const path of read) set(values, path);
    expect(refused(factory, version, values)).toEqual([]);
  });

  it('keys read only to fail, and declared nowhere, are refused as removed', () => {
    const { removed } = keysOf(cilium.spec.chartData!, '1.20.0');
    expect(removed.map((p) => p.join('.'))).toContain('tunnel');
    const values: Record<string, unknown> = {};
    for (const path of removed) set(values, path);
    const codes = refused(cilium as never, '1.20.0', values);
    expect(codes).toContain('HELM_VALUE_REMOVED values.tunnel');
    expect(codes.every((c) => c.startsWith('HELM_VALUE_REMOVED'))).toBe(true);
  });
});

describe('real mistakes from homelab trees get a hint that points to the right key', () => {
  const hint = (factory: ComponentFactory<TObject>, helmValues: Record<string, unknown>, extra: object = {}) => {
    try {
      renderCluster(defineCluster({ name: 'keys', external: ['crd:monitoring.coreos.com'], components: [factory({ helmValues, ...extra } as never)] }));
    } catch (error) {
      if (error instanceof FluxgenError) return error.diagnostics.find((d) => d.code.startsWith('HELM_VALUE'))?.hint?.split(';')[0];
      throw error;
    }
    return undefined;
  };

  it.each([
    ['cilium l2podannouncements', cilium, { l2podannouncements: { enabled: true } }, 'did you mean "l2podAnnouncements"?'],
    ['cilium bgp (removed section)', cilium, { bgp: { enabled: true } }, 'did you mean "bgpControlPlane"?'],
    ['cilium cgroup.automount', cilium, { cgroup: { automount: { enabled: false } } }, 'did you mean "cgroup.autoMount"?'],
    ['cilium tunnel', cilium, { tunnel: 'vxlan' }, 'use `routingMode: tunnel` with `tunnelProtocol` (vxlan or geneve) instead'],
    ['kps node-exporter under nodeExporter', kubePrometheusStack, { nodeExporter: { hostRootFsMount: { enabled: false } } }, 'the chart reads "hostRootFsMount" at "prometheus-node-exporter.hostRootFsMount"'],
    ['kps grafana.persistance', kubePrometheusStack, { grafana: { persistance: { enabled: true } } }, 'did you mean "grafana.persistence"?'],
    ['longhorn orphanAutoDeletion', longhorn, { defaultSettings: { orphanAutoDeletion: 'true' } }, 'did you mean "defaultSettings.orphanResourceAutoDeletion"?'],
    ['longhorn defaultSettings.backupTarget', longhorn, { defaultSettings: { backupTarget: 's3://b@r/' } }, 'the chart reads "backupTarget" at "defaultBackupStore.backupTarget"'],
    ['metrics-server metrics.serviceMonitor', metricsServer, { metrics: { serviceMonitor: { enabled: true } } }, 'the chart reads "serviceMonitor" at "serviceMonitor"'],
  ] as const)('%s', (_name, factory, helmValues, expected) => {
    expect(hint(factory as never, helmValues)).toBe(expected);
  });
});
