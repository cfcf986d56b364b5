/**
 * `@fluxgen/core/charts`: chart contracts and their data files, for `fluxgen chart` and tests.
 */
export {
  buildContract,
  compareVersions,
  CONTRACT_FILE,
  contractPaths,
  loadContract,
  loadContractSchema,
  serializeContract,
  vendoredVersions,
  versionFolder,
} from './contract.js';
export type { ChartContract, ContractNode, InferredType } from './contract.js';
export { formatKeyPath, parseTemplateKeys, splitKeyPath } from './template-keys.js';
export type { TemplateKeys } from './template-keys.js';
export { contractProblems, coalesce, type ContractProblem } from '../checks/chart-values.js';
export { formatTemplateKeys, harvestTemplateKeys } from './harvest.js';
export type { Harvest, TemplateFile } from './harvest.js';
// For `fluxgen chart diff`, which reads the values clusters set without rendering them.
export { buildModel } from '../model.js';
export { validate } from '../validate.js';
