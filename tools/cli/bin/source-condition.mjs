// Module resolution hook (registered by fluxgen.js when it runs from the sources): resolves
// workspace packages to their TypeScript sources through the `@fluxgen/source` export condition,
// as `--conditions=@fluxgen/source` would.
export async function resolve(specifier, context, nextResolve) {
  const current = context.conditions ?? [];
  const conditions = current.includes('@fluxgen/source') ? current : [...current, '@fluxgen/source'];
  return nextResolve(specifier, { ...context, conditions });
}
