/**
 * The `template-keys.txt` format: the value paths a chart's templates read, one dotted path per
 * line, `X.*` when the templates pass X through whole; segments with `.`, spaces, `"` or `*` are
 * JSON-quoted (`"grafana.ini".server`). `#` lines are the header; one header note lists the keys
 * read only by checks that call `fail`.
 */

/** A parsed template-keys.txt. */
export interface TemplateKeys {
  /** Paths read (segments), without the trailing `*`. */
  readonly exact: readonly (readonly string[])[];
  /** Paths passed through whole (`X.*`), as segments of X. */
  readonly open: readonly (readonly string[])[];
  /** Paths read only by validation checks that call `fail`. */
  readonly failOnly: readonly (readonly string[])[];
  /** Dependency conditions and subchart sections the header names (read by Helm or by subcharts). */
  readonly conditions: readonly (readonly string[])[];
}

const FAIL_NOTE = '# Note: read only by validation checks that call fail';
const CONDITION_NOTE = '# Note: Chart.yaml dependency conditions';

/** Splits a dotted path into segments, reading JSON-quoted segments (`"grafana.ini".server`). */
export function splitKeyPath(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '"') {
      let j = i + 1;
      while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
      out.push(JSON.parse(path.slice(i, j + 1)) as string);
      i = j + 1;
    } else {
      const j = path.indexOf('.', i);
      out.push(path.slice(i, j < 0 ? path.length : j));
      i = j < 0 ? path.length : j;
    }
    if (path[i] === '.') i++;
  }
  return out;
}

/** Joins segments the way template-keys.txt writes them. */
export function formatKeyPath(segments: readonly string[]): string {
  return segments.map((s) => (/^[^."\s*]+$/.test(s) ? s : JSON.stringify(s))).join('.');
}

/** Reads the header notes' list (`…: a, b, c.`). */
function noteList(line: string): string[][] {
  const list = line.slice(line.indexOf('):') + 2).trim().replace(/\.$/, '');
  return list
    .split(/,\s*/)
    .filter(Boolean)
    .map((p) => splitKeyPath(p));
}

/** Parses the text of a template-keys.txt. */
export function parseTemplateKeys(text: string): TemplateKeys {
  const exact: string[][] = [];
  const open: string[][] = [];
  let failOnly: string[][] = [];
  let conditions: string[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith(FAIL_NOTE)) failOnly = noteList(line);
      else if (line.startsWith(CONDITION_NOTE)) conditions = noteList(line);
      continue;
    }
    const segments = splitKeyPath(line);
    if (segments[segments.length - 1] === '*') open.push(segments.slice(0, -1));
    else exact.push(segments);
  }
  return { exact, open, failOnly, conditions };
}
