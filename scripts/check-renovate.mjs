#!/usr/bin/env node
/**
 * `npm run check:renovate`: runs Renovate's own extraction on this repository, offline
 * (`--platform=local --dry-run=extract`), and asserts that
 *   - every chart version and Git tag a component pins is found, with the datasource, name and
 *     registry the component declares (compared with the component specs themselves);
 *   - no vendored upstream file or generated file is a package file of any manager;
 *   - `renovate.json` and `renovate/self-hosted.json5` pass `renovate-config-validator`.
 *
 * Renovate 44 needs Node >= 24, and is far too heavy for the project's devDependencies: both are
 * installed from npm into node_modules/.cache/fluxgen-renovate on first use. Where npm has no
 * Node 24 for this platform and the running Node is older, the check is skipped with SKIP.
 *
 * Renovate lists the files git tracks (`git ls-files`): stage new files before the check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RENOVATE = '44.121.2';
const NODE = '24.22.3';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'fluxgen-renovate');

/** Files Renovate must never edit: vendored upstream data, generated trees, test data. */
export const VENDORED = [
  /^packages\/[^/]+\/chart\//,
  /^packages\/[^/]+\/crds\//,
  /^clusters\/[^/]+\/flux\//,
  /(^|\/)test\/golden\//,
  /^packages\/[^/]+\/[^/]+\.schema\.json$/,
];

function log(line) {
  process.stdout.write(line + '\n');
}

/** A Node >= 24 binary: this one, or node-<platform>-<arch> from npm in the cache. */
function node24() {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const bin = join(CACHE, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(bin)) return bin;
  const ok = install([`${pkg}@${NODE}`]);
  return ok && existsSync(bin) ? bin : undefined;
}

function install(specs) {
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(join(CACHE, 'package.json'))) writeFileSync(join(CACHE, 'package.json'), '{ "private": true }\n');
  log(`installing ${specs.join(' ')} into ${CACHE} (once) …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Saved into the cache's own package.json: an unsaved package would be pruned by the next install.
  const r = spawnSync(npm, ['install', '--prefix', CACHE, '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return r.status === 0;
}

function renovateBin() {
  const pkg = join(CACHE, 'node_modules', 'renovate', 'package.json');
  if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).version !== RENOVATE) {
    if (!install([`renovate@${RENOVATE}`])) throw new Error(`npm could not install renovate@${RENOVATE}`);
  }
  return join(CACHE, 'node_modules', 'renovate', 'dist');
}

/** The pins the component specs declare, loaded through tsx like `fluxgen generate` loads them. */
function declaredPins() {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const out = execFileSync(process.execPath, ['--conditions=@fluxgen/source', '--import', tsx, join(ROOT, 'scripts', 'pins.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

function main() {
  const node = node24();
  if (!node) {
    log(`SKIP: check:renovate needs Node >= 24 (Renovate ${RENOVATE}); this is Node ${process.versions.node} and npm has no node-${process.platform}-${process.arch}@${NODE}.`);
    return 0;
  }
  const dist = renovateBin();
  const problems = [];

  const untracked = execFileSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /^(renovate\.json|renovate\/|packages\/[^/]+\/src\/)/.test(f));
  if (untracked.length > 0) problems.push(`Renovate reads only files git tracks; stage these first: ${untracked.join(', ')}`);

  // 1. The configs are valid for this Renovate.
  for (const [file, kind] of [['renovate.json', '--no-global'], ['renovate/self-hosted.json5', '']]) {
    const r = spawnSync(node, [join(dist, 'config-validator.js'), '--strict', ...(kind ? [kind] : []), file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    if (r.status !== 0) problems.push(`renovate-config-validator ${file} failed:\n${r.stdout}${r.stderr}`);
    else log(`ok   ${file}: valid for Renovate ${RENOVATE}`);
  }

  // 2. Renovate's extraction, offline.
  const work = mkdtempSync(join(tmpdir(), 'fluxgen-renovate-'));
  const report = join(work, 'report.json');
  const r = spawnSync(
    node,
    [join(dist, 'renovate.js'), '--platform=local', '--dry-run=extract', '--onboarding=false', '--require-config=required', '--report-type=file', `--report-path=${report}`],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', RENOVATE_BASE_DIR: join(work, 'base') },
    },
  );
  if (r.status !== 0 || !existsSync(report)) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`renovate --platform=local failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  }
  const repo = Object.values(JSON.parse(readFileSync(report, 'utf8')).repositories)[0] ?? { packageFiles: {} };
  rmSync(work, { recursive: true, force: true });

  const files = Object.entries(repo.packageFiles ?? {}).flatMap(([manager, list]) => list.map((f) => ({ manager, ...f })));
  for (const f of files) {
    if (VENDORED.some((re) => re.test(f.packageFile))) problems.push(`${f.manager} would edit vendored or generated ${f.packageFile}`);
  }
  const found = files
    .filter((f) => f.manager === 'regex')
    .flatMap((f) => f.deps.map((d) => ({ file: f.packageFile, ...d })));

  // 3. Every declared pin found, exactly once, with its lookup coordinates.
  const norm = (u) => (u ? u.replace(/\/+$/, '') : undefined);
  const declared = declaredPins();
  for (const pin of declared) {
    const hits = found.filter((d) => d.depName === pin.depName && d.currentValue === pin.currentValue && d.datasource === pin.datasource);
    const hit = hits.find((d) => norm(d.registryUrls?.[0]) === norm(pin.registryUrl));
    if (hits.length === 0) {
      problems.push(`${pin.component}: ${pin.datasource} ${pin.depName} ${pin.currentValue} not found (add the // renovate: comment, docs/components.md)`);
    } else if (!hit) {
      problems.push(`${pin.component}: ${pin.depName} found with registry ${hits[0].registryUrls?.[0]}, the component says ${pin.registryUrl}`);
    } else if (!/^packages\/[^/]+\/src\//.test(hit.file)) {
      problems.push(`${pin.component}: ${pin.depName} found in ${hit.file}, not in the component's sources`);
    } else if (hit.skipReason && hit.skipReason !== 'github-token-required') {
      problems.push(`${pin.component}: ${pin.depName} skipped by Renovate (${hit.skipReason})`);
    } else {
      const extra = hit.skipReason ? ` (lookup needs a GitHub token: ${hit.skipReason})` : '';
      log(`ok   ${pin.component}: ${pin.datasource} ${pin.depName}@${pin.currentValue}${pin.registryUrl ? ` from ${pin.registryUrl}` : ''} in ${hit.file}${extra}`);
    }
  }
  for (const d of found) {
    if (!declared.some((p) => p.depName === d.depName && p.currentValue === d.currentValue)) {
      problems.push(`${d.file}: Renovate found ${d.depName}@${d.currentValue}, which no component declares (stale annotation?)`);
    }
  }

  const chartPins = declared.filter((p) => p.datasource === 'helm' || p.datasource === 'docker').length;
  log(`${found.length} annotated pins found by Renovate ${RENOVATE} (${chartPins} charts, ${declared.length - chartPins} Git tags); ${files.length} package files, none vendored`.replace(', none vendored', problems.some((p) => p.includes('vendored')) ? '' : ', none vendored'));
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`FAIL ${p}\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`FAIL ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
