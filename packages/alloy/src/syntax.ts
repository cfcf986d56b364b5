/**
 * A small, deterministic writer of the Alloy configuration syntax
 * (https://grafana.com/docs/alloy/latest/get-started/configuration-syntax/): the configuration is
 * built as data (blocks, attributes, values) and written here, never assembled from text. Strings
 * are quoted and escaped by one function; references to other components' exports are the only
 * unquoted text, and they are built from block names, not from user input.
 */

/** A reference to another component's export or a standard-library call, written as is (`loki.write.default.receiver`). */
export class Expression {
  constructor(readonly expression: string) {}
}

/** A value of the Alloy syntax. Object keys are written in the order given. */
export type AlloyValue = string | number | boolean | Expression | readonly AlloyValue[] | { readonly [key: string]: AlloyValue };

/** `name = value` inside a block. */
export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly value: AlloyValue;
}

/** `name "label" { … }`: a component, or a block inside one. */
export interface Block {
  readonly kind: 'block';
  readonly name: string;
  readonly label?: string;
  /** One line written above the block (`// …`). */
  readonly comment?: string;
  readonly body: readonly (Attribute | Block)[];
}

/** A reference, e.g. `ref('loki.write', 'default', 'receiver')` → `loki.write.default.receiver`. */
export function ref(component: string, label: string, field: string): Expression {
  return new Expression(`${component}.${label}.${field}`);
}

/** An expression written as is. Only for fixed text of this package (standard-library calls). */
export function expression(text: string): Expression {
  return new Expression(text);
}

export function attr(name: string, value: AlloyValue): Attribute {
  return { kind: 'attribute', name, value };
}

export function block(name: string, body: readonly (Attribute | Block | undefined | false)[], options: { label?: string; comment?: string } = {}): Block {
  return {
    kind: 'block',
    name,
    ...(options.label !== undefined ? { label: options.label } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    body: body.filter((b): b is Attribute | Block => b !== undefined && b !== false),
  };
}

/**
 * A string literal. Alloy strings take Go's escapes (`\"`, `\\`, `\n`, `\t`, `\uXXXX`, …), and
 * every escape JSON.stringify writes is one of them; other characters (UTF-8) stay as they are.
 */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/** Whether `key` can be written bare as an object key or attribute name (an Alloy identifier). */
export function isIdentifier(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    const digit = c >= 48 && c <= 57;
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

const INDENT = '  ';

function renderValue(value: AlloyValue, depth: number): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Expression) return value.expression;
  if (Array.isArray(value)) {
    const items = value as readonly AlloyValue[];
    if (items.length === 0) return '[]';
    const inner = items.map((v) => renderValue(v, depth + 1));
    const flat = `[${inner.join(', ')}]`;
    if (!flat.includes('\n') && flat.length <= 80) return flat;
    const pad = INDENT.repeat(depth + 1);
    return `[\n${inner.map((i) => `${pad}${i},`).join('\n')}\n${INDENT.repeat(depth)}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: AlloyValue });
  if (entries.length === 0) return '{}';
  const keys = entries.map(([k]) => (isIdentifier(k) ? k : quote(k)));
  const width = Math.max(...keys.map((k) => k.length));
  const pad = INDENT.repeat(depth + 1);
  const lines = entries.map(([, v], i) => `${pad}${keys[i]!.padEnd(width)} = ${renderValue(v, depth + 1)},`);
  return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
}

function renderBlock(b: Block, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const head = `${pad}${b.name}${b.label !== undefined ? ` ${quote(b.label)}` : ''} {`;
  const out: string[] = [];
  if (b.comment !== undefined) out.push(`${pad}// ${oneLine(b.comment)}`);
  if (b.body.length === 0) return [...out, `${head}}`];
  out.push(head);
  // Consecutive attributes are aligned on `=`, as `alloy fmt` does; blocks stand apart.
  let run: Attribute[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.name.length));
    for (const a of run) out.push(`${pad}${INDENT}${a.name.padEnd(width)} = ${renderValue(a.value, depth + 1)}`);
    run = [];
  };
  b.body.forEach((item, i) => {
    if (item.kind === 'attribute') {
      run.push(item);
      return;
    }
    flush();
    if (i > 0) out.push('');
    out.push(...renderBlock(item, depth + 1));
    if (i < b.body.length - 1 && b.body[i + 1]!.kind === 'attribute') out.push('');
  });
  flush();
  out.push(`${pad}}`);
  return out;
}

/** A comment is one line: line breaks become spaces. */
function oneLine(text: string): string {
  return text.split('\r').join(' ').split('\n').join(' ');
}

/** The configuration file: a header comment, then the top-level blocks, a blank line between them. */
export function renderConfig(blocks: readonly Block[], header: readonly string[] = []): string {
  const head = header.map((h) => `// ${oneLine(h)}`);
  const body = blocks.map((b) => renderBlock(b, 0).join('\n'));
  return [...(head.length > 0 ? [head.join('\n')] : []), ...body].join('\n\n') + '\n';
}
