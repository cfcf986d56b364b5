/**
 * Scalar value shapes: hostnames, CIDRs, IPs, quantities, durations, cron schedules, URLs, e-mail
 * addresses. Each is declared once, in {@link SCALAR_SHAPES}: its words and example for errors, and
 * the check that enforces it. A component uses the factory (`Cidr()`, `Cron()`, …); the schema it
 * returns carries a `shape` keyword that the validator enforces (see keywords.ts), so the format is
 * checked, not only declared, and a failure reads `must be a CIDR like 10.0.0.0/16`.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Type, type StringOptions, type TString } from '@sinclair/typebox';

/**
 * `net.isIP`: 4, 6 or 0. Only a string with a colon can be IPv6, so a name never reaches Node's
 * IPv6 pattern, whose first use costs ~13 ms of compiling.
 */
export function isIP(value: string): 0 | 4 | 6 {
  return value.includes(':') ? (isIPv6(value) ? 6 : 0) : isIPv4(value) ? 4 : 0;
}

/** How a scalar shape is described, checked and shown. */
export interface ScalarShape {
  /** What it is, as a noun phrase (`a CIDR`). */
  readonly words: string;
  /** A valid example, shown in every error. */
  readonly example: string;
  /** Why `value` is not of this shape, in words; undefined when it is. */
  check(value: string, options: ShapeOptions): string | undefined;
  /**
   * The nearest standard JSON Schema keywords, for editors and other tools that read an exported
   * schema (fluxgen itself always runs `check`).
   */
  readonly standard: Readonly<Record<string, unknown>>;
}

/** Options some shapes take (`Url({ schemes })`, `Hostname({ wildcard })`). */
export interface ShapeOptions {
  readonly schemes?: readonly string[];
  readonly wildcard?: boolean;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function dnsLabel(value: string): string | undefined {
  if (value.length > 63) return `is ${value.length} characters long, the limit is 63`;
  if (!LABEL.test(value)) return 'may hold only lowercase letters, digits and "-", and must start and end with a letter or digit';
  return undefined;
}

function dnsSubdomain(value: string): string | undefined {
  if (value.length > 253) return `is ${value.length} characters long, the limit is 253`;
  const bad = value.split('.').find((label) => dnsLabel(label) !== undefined);
  return bad === undefined ? undefined : `its part "${bad}" ${dnsLabel(bad)}`;
}

function hostname(value: string, options: ShapeOptions): string | undefined {
  const host = options.wildcard && value.startsWith('*.') ? value.slice(2) : value;
  if (value.startsWith('*') && !options.wildcard) return 'may not be a wildcard here';
  if (isIP(host)) return 'is an IP address, not a name';
  if (!host.includes('.') && value !== host) return 'a wildcard needs a domain below it';
  return dnsSubdomain(host);
}

function cidr(value: string): string | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return 'has no prefix length ("/16")';
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  const family = isIP(address);
  if (family === 0) return `"${address}" is not an IP address`;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `the prefix length must be 0 to ${max}`;
  return undefined;
}

/** Kubernetes resource.Quantity: `<number><suffix>`, suffix binary (Ki…Ei), decimal (m, k, M…E) or an exponent. */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

function quantity(value: string): string | undefined {
  return QUANTITY.test(value) ? undefined : 'is not a number with an optional unit (Ki, Mi, Gi, …, or k, M, G, …)';
}

function size(value: string): string | undefined {
  const reason = quantity(value);
  if (reason) return reason;
  return Number.parseFloat(value) > 0 && !value.startsWith('-') ? undefined : 'must be larger than zero';
}

/** Go's time.ParseDuration grammar, as Flux reads intervals and timeouts. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration in milliseconds (`1h30m` → 5400000); NaN when it is not one. */
export function durationMs(value: string): number {
  if (!GO_DURATION.test(value)) return Number.NaN;
  let total = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * GO_UNITS[m[2]!]!;
  return total;
}

function duration(value: string): string | undefined {
  if (!GO_DURATION.test(value)) return 'is not a number followed by a unit (ms, s, m, h), e.g. 90s or 1h30m';
  return /[1-9]/.test(value) ? undefined : 'must be longer than zero';
}

/** Prometheus durations (`30d`, `2w`, `12h`), units from largest to smallest. */
const PROM_DURATION = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;

function promDuration(value: string): string | undefined {
  if (value === '' || !PROM_DURATION.test(value)) return 'is not numbers with units from largest to smallest (y, w, d, h, m, s, ms), e.g. 30d or 1d12h';
  return /[1-9]/.test(value) ? undefined : 'must be longer than zero';
}

/** Prometheus byte sizes (`90GB`, `512MiB`). */
const BYTE_SIZE = /^(\d+(\.\d+)?)(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)$/;

function byteSize(value: string): string | undefined {
  const m = BYTE_SIZE.exec(value);
  if (!m) return 'is not a number followed by a byte unit (B, KB, MB, GB, TB, or KiB, MiB, GiB, TiB)';
  return Number(m[1]) > 0 ? undefined : 'must be larger than zero';
}

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function cron(value: string): string | undefined {
  if (CRON_MACROS.has(value)) return undefined;
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 5) return `has ${parts.length} field${parts.length === 1 ? '' : 's'}, a schedule has five (minute hour day-of-month month day-of-week)`;
  for (const [i, field] of CRON_FIELDS.entries()) {
    const reason = cronField(parts[i]!, field);
    if (reason) return `${field.name} ${reason}`;
  }
  return undefined;
}

function cronField(text: string, field: (typeof CRON_FIELDS)[number]): string | undefined {
  const names: readonly string[] = 'names' in field ? field.names : [];
  const number = (s: string): number | undefined => {
    const named = names.indexOf(s.toLowerCase());
    if (named >= 0) return named + (field.min === 1 ? 1 : 0);
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const item of text.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `"${item}" has a bad step`;
    if (range === '*' || range === '?') continue;
    const bounds = range!.split('-');
    if (bounds.length > 2) return `"${item}" is not a number, a range or a list`;
    for (const bound of bounds) {
      const n = number(bound);
      if (n === undefined) return `"${bound}" is not a number`;
      if (n < field.min || n > field.max) return `${n} is outside ${field.min}-${field.max}`;
    }
    if (bounds.length === 2 && number(bounds[0]!)! > number(bounds[1]!)!) return `"${range}" runs backwards`;
  }
  return undefined;
}

function url(value: string, options: ShapeOptions): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'is not a URL';
  }
  const scheme = parsed.protocol.slice(0, -1);
  const schemes = options.schemes ?? ['https'];
  if (!schemes.includes(scheme)) return `its scheme must be ${schemes.map((s) => `${s}://`).join(' or ')}`;
  if (parsed.hostname === '') return 'has no host';
  return undefined;
}

function email(value: string): string | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0 || /\s/.test(value.slice(0, at))) return 'has no name before "@"';
  return hostname(value.slice(at + 1), {}) === undefined ? undefined : `"${value.slice(at + 1)}" is not a domain`;
}

function absolutePath(value: string): string | undefined {
  if (!value.startsWith('/')) return 'does not start with "/"';
  if (/\s/.test(value)) return 'contains white space';
  if (value.length > 1 && value.endsWith('/')) return 'ends with "/"';
  return value.split('/').includes('..') ? 'contains ".."' : undefined;
}

function uncPath(value: string): string | undefined {
  const m = /^\/\/([^/\s]+)\/(\S+)$/.exec(value);
  if (!m) return 'is not //server/share';
  return isIP(m[1]!) || hostname(m[1]!, {}) === undefined ? undefined : `"${m[1]}" is not a hostname or IP address`;
}

/** Mount options that carry a login: credentials come from a Secret, never from the options. */
const CREDENTIAL_OPTIONS = new Set(['user', 'username', 'pass', 'password', 'credentials']);

function mountOption(value: string): string | undefined {
  if (value === '' || /\s/.test(value)) return 'is empty or contains white space (one option per item)';
  const key = value.split('=')[0]!.toLowerCase();
  return CREDENTIAL_OPTIONS.has(key) && value.includes('=') ? 'carries credentials, which belong in the Secret' : undefined;
}

/** A calendar date, `YYYY-MM-DD`, that exists (no 2024-02-30). */
function calendarDate(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'is not written YYYY-MM-DD';
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? undefined : 'is not a day of the calendar';
}

/** Every scalar shape, by the name its schemas carry in their `shape` keyword. */
export const SCALAR_SHAPES = {
  'dns-label': { words: 'a DNS-1123 label', example: 'my-name', standard: { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }, check: dnsLabel },
  'dns-subdomain': { words: 'a DNS-1123 subdomain', example: 'fast.storage', standard: { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253 }, check: dnsSubdomain },
  hostname: { words: 'a hostname', example: 'app.example.com', standard: { pattern: '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253 }, check: hostname },
  host: {
    words: 'a hostname or IP address',
    example: 'api.example.com',
    standard: { minLength: 1, pattern: '^\\S+$' }, check: (v) => (isIP(v) ? undefined : hostname(v, {})),
  },
  cidr: { words: 'a CIDR', example: '10.0.0.0/16', standard: { pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}$' }, check: cidr },
  ipv4: { words: 'an IPv4 address', example: '192.168.1.10', standard: { format: 'ipv4' }, check: (v) => (isIPv4(v) ? undefined : 'is not four numbers 0-255 joined by dots') },
  ip: { words: 'an IP address', example: '192.168.1.10', standard: { pattern: '^[0-9a-fA-F.:]+$' }, check: (v) => (isIP(v) ? undefined : 'is not an IPv4 or IPv6 address') },
  quantity: { words: 'a Kubernetes quantity', example: '500m', standard: { pattern: '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$' }, check: quantity },
  size: { words: 'a size', example: '10Gi', standard: { pattern: '^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$' }, check: size },
  duration: { words: 'a duration', example: '5m', standard: { pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$' }, check: duration },
  'prometheus-duration': { words: 'a Prometheus duration', example: '30d', standard: { pattern: '^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$', minLength: 2 }, check: promDuration },
  'byte-size': { words: 'a byte size', example: '90GB', standard: { pattern: '^[0-9]+(\\.[0-9]+)?(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)$' }, check: byteSize },
  cron: { words: 'a cron schedule', example: '0 3 * * *', standard: { pattern: '^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+( +\\S+){4})$' }, check: cron },
  'absolute-path': { words: 'an absolute path', example: '/var/lib/kubelet', standard: { pattern: '^/\\S*$' }, check: absolutePath },
  'unc-path': { words: 'a network share', example: '//nas.example.com/share', standard: { pattern: '^//[^/\\s]+/\\S+$' }, check: uncPath },
  'mount-option': { words: 'a mount option', example: 'vers=3.1.1', standard: { pattern: '^\\S+$' }, check: mountOption },
  url: { words: 'a URL', example: 'https://example.com', standard: { format: 'uri' }, check: url },
  email: { words: 'an e-mail address', example: 'admin@example.com', standard: { format: 'email' }, check: email },
  date: { words: 'a date', example: '2024-04-01', standard: { format: 'date' }, check: calendarDate },
} as const satisfies Record<string, ScalarShape>;

export type ScalarShapeName = keyof typeof SCALAR_SHAPES;

/** The shape named by a schema's `shape` keyword (a name, or `{ name, ...options }`). */
export function scalarShape(keyword: unknown): { shape: ScalarShape; name: ScalarShapeName; options: ShapeOptions } | undefined {
  const { name, ...options } = typeof keyword === 'string' ? { name: keyword } : ((keyword ?? {}) as { name?: string });
  if (typeof name !== 'string' || !(name in SCALAR_SHAPES)) return undefined;
  return { shape: SCALAR_SHAPES[name as ScalarShapeName], name: name as ScalarShapeName, options };
}

/** The example a shape's error shows (`https://example.com`, or with the first allowed scheme). */
export function exampleOf(name: ScalarShapeName, options: ShapeOptions): string {
  if (name === 'url' && options.schemes?.[0]) return `${options.schemes[0]}://example.com`;
  if (name === 'hostname' && options.wildcard) return '*.example.com';
  return SCALAR_SHAPES[name].example;
}

function shaped(name: ScalarShapeName, options: StringOptions, extra: ShapeOptions = {}): TString {
  const keyword = Object.keys(extra).length > 0 ? { name, ...extra } : name;
  return Type.String({ ...options, shape: keyword } as StringOptions);
}

/** A Kubernetes object name: a DNS-1123 label (at most 63 lowercase letters, digits and `-`). */
export const Name = (options: StringOptions = {}) => shaped('dns-label', options);
/** A DNS-1123 subdomain (StorageClass names, Gateway listener names). */
export const DnsSubdomain = (options: StringOptions = {}) => shaped('dns-subdomain', options);
/** A hostname (`app.example.com`); `wildcard: true` also takes `*.example.com`. */
export const Hostname = (options: StringOptions & { wildcard?: boolean } = {}) => {
  const { wildcard, ...rest } = options;
  return shaped('hostname', rest, wildcard ? { wildcard } : {});
};
/** A hostname or an IP address (`127.0.0.1`, `api.example.com`). */
export const Host = (options: StringOptions = {}) => shaped('host', options);
/** An IPv4 or IPv6 CIDR (`10.244.0.0/16`). */
export const Cidr = (options: StringOptions = {}) => shaped('cidr', options);
/** An IPv4 address. */
export const Ipv4 = (options: StringOptions = {}) => shaped('ipv4', options);
/** An IPv4 or IPv6 address. */
export const IpAddress = (options: StringOptions = {}) => shaped('ip', options);
/** A Kubernetes quantity (`500m`, `1.5`, `2Gi`). */
export const Quantity = (options: StringOptions = {}) => shaped('quantity', options);
/** A size as a Kubernetes quantity larger than zero (`10Gi`). */
export const Size = (options: StringOptions = {}) => shaped('size', options);
/** A Go duration as Flux reads it (`30s`, `5m`, `1h30m`), larger than zero. */
export const Duration = (options: StringOptions = {}) => shaped('duration', options);
/** A Prometheus duration (`30d`, `12h`), larger than zero. */
export const PrometheusDuration = (options: StringOptions = {}) => shaped('prometheus-duration', options);
/** A Prometheus byte size (`90GB`, `512MiB`), larger than zero. */
export const ByteSize = (options: StringOptions = {}) => shaped('byte-size', options);
/** A five-field cron schedule (`0 3 * * *`), each field range-checked, or a macro like `@daily`. */
export const Cron = (options: StringOptions = {}) => shaped('cron', options);
/** A URL with one of the allowed schemes (default `https`). */
export const Url = (options: StringOptions & { schemes?: readonly string[] } = {}) => {
  const { schemes, ...rest } = options;
  return shaped('url', rest, { schemes: schemes ?? ['https'] });
};
/** An absolute path on a node (`/var/lib/kubelet`). */
export const AbsolutePath = (options: StringOptions = {}) => shaped('absolute-path', options);
/** A network share, `//server/share`. */
export const UncPath = (options: StringOptions = {}) => shaped('unc-path', options);
/** One mount option (`vers=3.1.1`); never credentials. */
export const MountOption = (options: StringOptions = {}) => shaped('mount-option', options);
/** An e-mail address. */
export const Email = (options: StringOptions = {}) => shaped('email', options);
/** A calendar date, `YYYY-MM-DD` (`2024-04-01`). */
export const CalendarDate = (options: StringOptions = {}) => shaped('date', options);
/** A TCP or UDP port number. */
export const Port = (options: { description?: string } = {}) => Type.Integer({ minimum: 1, maximum: 65535, ...options });

/**
 * A schema with fluxgen's own keywords replaced by the nearest standard JSON Schema: each scalar
 * `shape` becomes its {@link ScalarShape.standard} keywords, compound shape markers, `uniqueBy` and
 * `derivedDefault` go. For exported schemas that editors and other validators read.
 */
export function standardSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(standardSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'uniqueBy' || key === 'derivedDefault') continue;
    if (key === 'shape') {
      const found = scalarShape(value);
      if (found) Object.assign(out, found.shape.standard);
      continue;
    }
    out[key] = standardSchema(value);
  }
  return out;
}

/** Why `value` is not of the named shape, in words; undefined when it is (for code that checks outside a schema). */
export function checkShape(name: ScalarShapeName, value: string): string | undefined {
  return SCALAR_SHAPES[name].check(value, {} as ShapeOptions);
}
