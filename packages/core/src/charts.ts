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
} from './charts/contract.js';
export type { ChartContract, ContractNode, InferredType } from './charts/contract.js';
export { formatKeyPath, parseTemplateKeys, splitKeyPath } from './charts/template-keys.js';
export type { TemplateKeys } from './charts/template-keys.js';
export { contractProblems, type ContractProblem } from './charts/problems.js';
export { coalesce } from './values.js';
export { formatTemplateKeys, harvestTemplateKeys } from './charts/harvest.js';
export type { Harvest, TemplateFile } from './charts/harvest.js';
export { validate } from './validate.js';
