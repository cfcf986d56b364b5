/** @fluxgen/cli as a library: what tests and scripts call instead of spawning the binary. */
export { generate, selectClusters } from './generate.js';
export type { ClusterOutcome, GenerateOptions } from './generate.js';
export { run, EXIT } from './cli.js';
