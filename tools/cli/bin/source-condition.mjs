// Module resolution hook (registered by fluxgen.js): resolves workspace packages to their
// TypeScript sources through the `@fluxgen/source` export condition, as `--conditions` would.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@fluxgen/source') ? context.conditions : [...context.conditions, '@fluxgen/source'];
  return nextResolve(specifier, { ...context, conditions });
}
