/**
 * Markdown plumbing shared by the README views: the Handlebars instance and its helpers, table
 * cells, and the finishing pass that derives the table of contents from the sections present and
 * refuses an empty section or an empty table.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { stringify } from 'yaml';

const hbs = Handlebars.create();
hbs.registerHelper('cell', (value: unknown) => cell(String(value ?? '')));
hbs.registerHelper('join', (items: readonly string[], sep: string) => items.join(sep));
hbs.registerHelper('inline', (value: unknown) => inlineValue(value));
hbs.registerHelper('count', (n: number, singular: string) => count(n, singular));
hbs.registerPartial('topic-opening', readTemplate('topic-opening'));
hbs.registerPartial('topic-sections', readTemplate('topic-sections'));
hbs.registerPartial('topic', readTemplate('topic'));
hbs.registerPartial('detail', readTemplate('detail'));

function readTemplate(name: string): string {
  return readFileSync(new URL(`../../templates/${name}.md.hbs`, import.meta.url), 'utf8');
}

/** A compiled template of packages/core/templates. */
export function template(name: string): Handlebars.TemplateDelegate {
  return hbs.compile(readTemplate(name), { noEscape: true, strict: true });
}

export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Text for one table cell: one line, pipes escaped. */
export const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');
/** `n thing` / `n things`. */
export const count = (n: number, singular: string, plural = `${singular}s`) => `${n} ${n === 1 ? singular : plural}`;
export const code = (text: string) => `\`${text}\``;

/** A scalar as YAML shows it, in a code span (`3`, `Delete`, `"on"`); empty for undefined. */
export function inlineValue(value: unknown): string {
  if (value === undefined) return '';
  return code(cell(flowYaml(value)));
}

/** Strings YAML reads back as the same string without quotes (and not as a number, bool or null). */
const PLAIN = /^[A-Za-z0-9_/.][A-Za-z0-9_./:@+-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
const NUMBER = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const plain = (v: unknown): v is string => typeof v === 'string' && PLAIN.test(v) && !RESERVED.test(v) && !NUMBER.test(v);

/** `[ a, b ]` for a list of plain scalars, else undefined. */
export function flatList(value: unknown): string | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => plain(v) || typeof v === 'number' || typeof v === 'boolean')
    ? `[ ${value.join(', ')} ]`
    : undefined;
}

/** One-line flow YAML of a value; the library only for what is not a plain scalar (it is slow per call). */
function flowYaml(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (plain(value)) return value;
  if (Array.isArray(value) && value.length === 0) return '[]';
  const list = flatList(value);
  if (list !== undefined) return list;
  if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) return '{}';
  return stringify(value, { lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: true }).trim();
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(): (heading: string) => string {
  const seen = new Map<string, number>();
  return (heading) => {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}

const TOC_MARKER = '<!-- toc -->';

/**
 * Finishes a rendered README: collapses blank lines, fills `<!-- toc -->` with a link to every
 * `##` section present, and throws on a section with nothing in it or a table without rows (a
 * template bug: sections and tables must be left out when they have nothing to show).
 */
export function finish(text: string, file: string): string {
  const lines = `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`.split('\n');
  let fence = false;
  const headings: { level: number; title: string; index: number }[] = [];
  lines.forEach((line, index) => {
    if (line.startsWith('```')) fence = !fence;
    const m = !fence && /^(#{1,4}) (.+)$/.exec(line);
    if (m) headings.push({ level: m[1]!.length, title: m[2]!, index });
    if (!fence && /^\|(---\|)+$/.test(line) && !(lines[index + 1] ?? '').startsWith('|')) {
      throw new Error(`${file}: table without rows after line ${index}`);
    }
  });
  headings.forEach((h, i) => {
    const next = headings[i + 1];
    const body = lines.slice(h.index + 1, next ? next.index : lines.length).join('').trim();
    if (body === '' && !(next && next.level > h.level)) throw new Error(`${file}: empty section "${h.title}"`);
  });
  const anchor = anchors();
  const toc = headings.filter((h) => h.level === 2 && h.title !== 'Table of Contents').map((h) => `[${h.title}](#${anchor(h.title)})`);
  return lines.join('\n').replace(TOC_MARKER, toc.join(' · '));
}

/** Where a Secret comes from, in README words: the backend's title and what its reference points at. */
export function originOf(s: { readonly title: string; readonly reference: string }): string {
  return s.reference ? `${s.title} \`${s.reference}\`` : s.title;
}
