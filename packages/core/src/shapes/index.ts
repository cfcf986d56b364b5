/** Value shapes: one schema, check, message and meaning per kind of value (see scalars.ts, compound.ts). */
export * from './scalars.js';
export * from './compound.js';
export { addShapeKeywords } from './keywords.js';
