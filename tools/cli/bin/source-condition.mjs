// Module resolution hook (registered by fluxgen.js): resolves workspace packages to their
// TypeScript sources through the `@fluxgen/source` export condition, as `--conditions` would:
// every package (`{ all: true }`: a run from the sources), or only those whose built JavaScript is
// stale (`{ all: false }`: the others resolve to dist/, the default condition). Freshness is checked
// once per package, the first time it is imported.
import { isBuilt, workspacePackages } from './build-state.mjs';

let all = true;
let packages;
const stale = new Map();

export async function initialize(data) {
  all = data?.all !== false;
}

function fromSource(specifier) {
  if (all) return true;
  if (!specifier.startsWith('@fluxgen/')) return false;
  const name = specifier.split('/').slice(0, 2).join('/');
  let result = stale.get(name);
  if (result === undefined) {
    packages ??= workspacePackages();
    const dir = packages.get(name);
    // A package that does not build to dist/ is always read through the condition (harmless where it has none).
    result = dir === undefined || !isBuilt(dir);
    stale.set(name, result);
  }
  return result;
}

export async function resolve(specifier, context, nextResolve) {
  if (!fromSource(specifier)) return nextResolve(specifier, context);
  const current = context.conditions ?? [];
  const conditions = current.includes('@fluxgen/source') ? current : [...current, '@fluxgen/source'];
  return nextResolve(specifier, { ...context, conditions });
}
