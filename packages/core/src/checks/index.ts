/**
 * The checks every render runs once the typed values are valid (layer 1, in model.ts): the final
 * Helm values against the chart, every object against its schema, references between objects, and
 * policy. All layers always run, and every problem of every layer is returned together.
 */
import type { Diagnostic } from '../errors.js';
import { checkChartValues } from './chart-values.js';
import { checkObjects } from './objects.js';
import { checkPolicy } from './policy.js';
import { checkReferences } from './references.js';
import type { CheckInput } from './shared.js';

export type { CheckInput } from './shared.js';

/** Runs layers 2 to 5 on a rendered cluster and returns every diagnostic (empty: nothing to report). */
export function runChecks(input: CheckInput): Diagnostic[] {
  return [...checkChartValues(input.model), ...checkObjects(input), ...checkReferences(input), ...checkPolicy(input)];
}
