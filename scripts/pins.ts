/**
 * The pinned upstream versions of every component, two ways: what the component sources declare
 * (`chart` / `git` of each `defineComponent`), and what the `// renovate:` annotations above the
 * pins say, read with the very regex Renovate uses (`renovate.json`). `npm run check:renovate` and
 * `scripts/test/renovate.test.ts` compare them, so a new component cannot forget its annotation.
 *
 * Run directly (`node --conditions=@fluxgen/source --import tsx scripts/pins.ts`) it prints the
 * declared pins as JSON.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One pinned version, as Renovate sees it. */
export interface Pin {
  /** The component (its `name`), for pins read from the component specs. */
  readonly component?: string;
  /** The package folder (`packages/<pkg>`), for pins read from the component specs. */
  readonly pkg?: string;
  /** Vendored data the spec points at (`chartData/<version>/`, `crds`) that is missing on disk. */
  readonly missingData?: string;
  /** The file the annotation is in, relative to the workspace root, for annotated pins. */
  readonly file?: string;
  readonly datasource: string;
  readonly depName: string;
  readonly registryUrl?: string;
  readonly currentValue: string;
}

interface SpecLike {
  readonly name: string;
  readonly chart?: { readonly name: string; readonly version: string; readonly repository?: string; readonly oci?: string };
  readonly git?: { readonly url: string; readonly tag: string };
  readonly chartData?: URL;
  readonly crds?: URL;
}

/** The component packages: every `packages/<name>` but core. */
export function componentPackages(root = ROOT): string[] {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'core')
    .map((d) => d.name)
    .sort();
}

/** What Renovate has to find for one component: the datasource and name it looks the pin up by. */
export function pinOf(spec: SpecLike): Pin {
  if (spec.chart) {
    const { name, version, repository, oci } = spec.chart;
    if (repository) return { component: spec.name, datasource: 'helm', depName: name, registryUrl: repository, currentValue: version };
    // An OCI-only chart is an OCI artifact: Renovate looks its tags up with the docker datasource.
    return { component: spec.name, datasource: 'docker', depName: oci!.replace(/^oci:\/\//, ''), currentValue: version };
  }
  const { url, tag } = spec.git!;
  const github = /^https:\/\/github\.com\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
  return github
    ? { component: spec.name, datasource: 'github-tags', depName: github[1]!, currentValue: tag }
    : { component: spec.name, datasource: 'git-tags', depName: url, currentValue: tag };
}

/** The pins the component sources declare: every exported component of every component package. */
export async function declaredPins(root = ROOT): Promise<Pin[]> {
  const specs = new Map<string, SpecLike>();
  const pkgOf = new Map<string, string>();
  for (const pkg of componentPackages(root)) {
    const mod = (await import(pathToFileURL(join(root, 'packages', pkg, 'src', 'index.ts')).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const spec = typeof value === 'function' ? (value as { spec?: SpecLike }).spec : undefined;
      if (spec && typeof spec.name === 'string' && (spec.chart || spec.git)) {
        specs.set(spec.name, spec);
        pkgOf.set(spec.name, pkg);
      }
    }
  }
  return [...specs.entries()]
    .map(([name, spec]) => ({ ...pinOf(spec), pkg: pkgOf.get(name)!, ...missing(root, spec) }))
    .sort((a, b) => a.component!.localeCompare(b.component!));
}

/** The vendored folder of the pinned version that the spec reads, when it is not there yet. */
function missing(root: string, spec: SpecLike): { missingData?: string } {
  const wanted = [
    spec.chart && spec.chartData ? new URL(`${spec.chart.version}/`, spec.chartData) : undefined,
    spec.git && spec.crds ? spec.crds : undefined,
  ].filter((u): u is URL => u !== undefined);
  const absent = wanted.map((u) => fileURLToPath(u)).find((dir) => !existsSync(dir));
  return absent ? { missingData: relative(root, absent).split('\\').join('/') } : {};
}

/** The regex custom manager of `renovate.json` that reads the `// renovate:` annotations. */
export function annotationManager(root = ROOT): { managerFilePatterns: string[]; matchStrings: string[] } {
  const config = JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8')) as { customManagers?: { customType: string; managerFilePatterns: string[]; matchStrings: string[] }[] };
  const manager = config.customManagers?.find((m) => m.customType === 'regex' && m.matchStrings.some((s) => s.includes('renovate:')));
  if (!manager) throw new Error('renovate.json has no regex custom manager for `// renovate:` annotations');
  return manager;
}

/** `/…/` patterns are regular expressions (Renovate's `managerFilePatterns`); this repo uses no globs there. */
function fileRegex(pattern: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!m) throw new Error(`managerFilePatterns: only /regex/ patterns are used here (got ${pattern})`);
  return new RegExp(m[1]!, m[2]);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? (d.name === 'node_modules' ? [] : walk(join(dir, d.name))) : [join(dir, d.name)],
  );
}

/** The pins the annotations declare, read from the files Renovate's custom manager reads. */
export function annotatedPins(root = ROOT): Pin[] {
  const manager = annotationManager(root);
  const files = walk(join(root, 'packages'))
    .map((f) => relative(root, f).split('\\').join('/'))
    .filter((f) => manager.managerFilePatterns.some((p) => fileRegex(p).test(f)));
  const pins: Pin[] = [];
  for (const file of files.sort()) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const source of manager.matchStrings) {
      for (const m of text.matchAll(new RegExp(source, 'g'))) {
        const g = m.groups!;
        pins.push({
          file,
          datasource: g['datasource']!,
          depName: g['depName']!,
          ...(g['registryUrl'] ? { registryUrl: g['registryUrl'] } : {}),
          currentValue: g['currentValue']!,
        });
      }
    }
  }
  return pins;
}

/** Every `renovate:` comment in the component sources, matched by the manager or not. */
export function annotationComments(root = ROOT): { file: string; line: number; text: string }[] {
  const out: { file: string; line: number; text: string }[] = [];
  for (const f of walk(join(root, 'packages'))) {
    const file = relative(root, f).split('\\').join('/');
    if (!/^packages\/[^/]+\/src\/.+\.ts$/.test(file)) continue;
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (/\/\/\s*renovate:/.test(text)) out.push({ file, line: i + 1, text: text.trim() });
      });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(JSON.stringify(await declaredPins(), null, 2) + '\n');
}
