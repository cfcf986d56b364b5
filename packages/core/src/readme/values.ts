/** The typed values of a component instance: what the cluster set, and the defaults it kept. */
import type { TSchema } from '@sinclair/typebox';
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { Memo } from '../memo.js';
import { cell, code, flatList, inlineValue, oneLine } from './markdown.js';

export interface ValueRow {
  readonly path: string;
  readonly value: unknown;
  readonly default: unknown;
  readonly set: boolean;
  readonly description: string;
}

/** One row per typed leaf value (objects with declared properties are walked into). */
export function valueRows(schema: TSchema, values: unknown, input: unknown, prefix = ''): ValueRow[] {
  const props = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const rows: ValueRow[] = [];
  for (const [key, sub] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const value = (values as Record<string, unknown> | undefined)?.[key];
    const given = (input as Record<string, unknown> | undefined)?.[key];
    if ((sub as { type?: string }).type === 'object' && (sub as { properties?: object }).properties) {
      rows.push(...valueRows(sub, value, given, path));
    } else {
      rows.push({
        path,
        value,
        default: (sub as { default?: unknown }).default,
        set: given !== undefined,
        description: oneLine((sub as { description?: string }).description ?? ''),
      });
    }
  }
  return rows;
}

const structured = (v: unknown) => typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

/**
 * The values view: set values as a table (structured ones as one YAML block), defaults apart.
 * Made once per component schema and values in a process (clusters of a fleet share most).
 */
export function valuesView(schema: TSchema, values: unknown, input: unknown): ValuesView {
  let memo = views.get(schema);
  if (!memo) views.set(schema, (memo = new Memo<ValuesView>(1000)));
  return memo.get([values, input], () => valuesViewOf(schema, values, input));
}

type ValuesView = ReturnType<typeof valuesViewOf>;
const views = new WeakMap<object, Memo<ValuesView>>();

function valuesViewOf(schema: TSchema, values: unknown, input: unknown) {
  const rows = valueRows(schema, values, input);
  const set = rows.filter((r) => r.set);
  // A structure that fits on one line in flow YAML stays in its cell; larger ones go to one block.
  const yamlOf = new Map(set.filter((r) => structured(r.value)).map((r) => [r.path, flatList(r.value) ?? compactYaml(r.value)]));
  const oneLine = (path: string) => {
    const text = yamlOf.get(path)!;
    return !text.includes('\n') && !text.startsWith('- ') && text.length <= 80;
  };
  const blocks = set.filter((r) => yamlOf.has(r.path) && !oneLine(r.path));
  return {
    set: set.map((r) => ({
      path: r.path,
      value: !yamlOf.has(r.path) ? inlineValue(r.value) : oneLine(r.path) ? code(cell(yamlOf.get(r.path)!)) : '(YAML below)',
      default: inlineValue(r.default),
      description: cell(r.description),
    })),
    // Each block under its dotted path, indented as the library would (one serialisation per value).
    yaml: blocks.map((r) => `${r.path}:\n${yamlOf.get(r.path)!.replace(/^/gm, '  ')}`).join('\n'),
    defaults: rows
      .filter((r) => !r.set)
      .map((r) => ({ path: r.path, value: inlineValue(r.value), description: cell(r.description) })),
  };
}

/**
 * YAML that reads in a table's neighbourhood: a list or map of plain values on one line
 * (`[a, b]`, `{ name: x, port: 80 }`), and every item of a list on one line when it can be.
 */
export function compactYaml(value: unknown): string {
  return compact.get(value, () => compactYamlOf(value));
}

/** Each value's compact YAML, once per process (up to 4 M characters): clusters of a fleet share most values. */
const compact = new Memo<string>(4 * 1024 * 1024, (text) => text.length);

function compactYamlOf(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
    Map(_, node, path) {
      const parent = path[path.length - 1];
      const values = node.items.map((p) => p.value);
      if (values.every((v) => isScalar(v)) || (isSeq(parent) && values.every((v) => isScalar(v) || flat(v)))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: true }).trimEnd();
}

/** A list or map of plain values only. */
function flat(node: unknown): boolean {
  if (isSeq(node)) return node.items.every((i) => isScalar(i));
  if (isMap(node)) return node.items.every((p) => isScalar(p.value));
  return false;
}
