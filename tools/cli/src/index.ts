/** @fluxgen/cli as a library: what tests and scripts call instead of spawning the binary. */
export { adopt, generate, selectClusters } from './generate.js';
export type { AdoptOutcome, ClusterOutcome, GenerateOptions } from './generate.js';
export { EXIT, run, VERSION } from './cli.js';
export { colorsEnabled } from './colors.js';
export { classify } from './load.js';
