/**
 * The validator keywords behind the value shapes, so that ajv enforces them where they are
 * declared:
 *
 * - `shape`: a scalar shape (scalars.ts) on a string, or `ip-range` on a `{ start, stop }` object;
 * - `uniqueBy`: on an array of objects, the field whose value must not repeat (`name`).
 *
 * Failures carry their message in words (`must be a CIDR like 10.0.0.0/16: the prefix length must
 * be 0 to 32`); validate.ts shows it as is.
 */
import type { Ajv, ErrorObject } from 'ajv';
import { exampleOf, isIP, scalarShape } from './scalars.js';

type KeywordFunction = ((...args: unknown[]) => boolean) & { errors?: Partial<ErrorObject>[] };

/** `shape`: a scalar shape on a string, or `ip-range` on a `{ start, stop }` object. */
const shape: KeywordFunction = function shapeKeyword(...args: unknown[]) {
  const [keyword, data] = args as [unknown, unknown];
  shape.errors = [];
  if (keyword === 'ip-range') return ipRange(shape, data);
  const found = scalarShape(keyword);
  if (!found || typeof data !== 'string') return true;
  const reason = found.shape.check(data, found.options);
  if (reason === undefined) return true;
  shape.errors = [
    {
      keyword: 'shape',
      message: `must be ${found.shape.words} like ${exampleOf(found.name, found.options)}: ${reason}`,
      params: { shape: found.name },
    },
  ];
  return false;
} as KeywordFunction;

/** `uniqueBy`: on an array of objects, the field whose value must not repeat. */
const uniqueBy: KeywordFunction = function uniqueByKeyword(...args: unknown[]) {
  const [field, data, , cxt] = args as [string, unknown, unknown, { instancePath: string }];
  uniqueBy.errors = [];
  if (!Array.isArray(data)) return true;
  const first = new Map<unknown, number>();
  data.forEach((item, i) => {
    const value = (item as Record<string, unknown> | null)?.[field];
    if (value === undefined) return;
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, i);
    else {
      uniqueBy.errors!.push({
        keyword: 'uniqueBy',
        instancePath: `${cxt.instancePath}/${i}/${field}`,
        message: `repeats the ${field} of item ${earlier} (${JSON.stringify(value)}): each ${field} must be unique in this list`,
        params: { field, earlier },
      });
    }
  });
  return uniqueBy.errors.length === 0;
} as KeywordFunction;

/**
 * The keyword functions by name. Precompiled validators (validate.ts) receive this object and call
 * the same functions a validator compiled at run time calls, so both report the same errors.
 */
export const SHAPE_KEYWORDS: Readonly<Record<'shape' | 'uniqueBy', KeywordFunction>> = { shape, uniqueBy };

/** Registers `shape` and `uniqueBy` on an ajv instance. */
export function addShapeKeywords(ajv: Ajv): Ajv {
  ajv.addKeyword({ keyword: 'shape', schemaType: ['string', 'object'], errors: true, validate: shape as never });
  ajv.addKeyword({ keyword: 'uniqueBy', type: 'array', schemaType: 'string', errors: true, validate: uniqueBy as never });
  return ajv;
}

function ipRange(fn: KeywordFunction, data: unknown): boolean {
  const { start, stop } = (data ?? {}) as { start?: unknown; stop?: unknown };
  if (typeof start !== 'string' || typeof stop !== 'string' || !isIP(start) || !isIP(stop)) return true;
  const message =
    isIP(start) !== isIP(stop)
      ? `must be a range of one address family, like 192.168.1.220 to 192.168.1.239 (got ${start} to ${stop})`
      : compareIp(start, stop) > 0
        ? `must run upwards, like 192.168.1.220 to 192.168.1.239: ${start} comes after ${stop}`
        : undefined;
  if (!message) return true;
  fn.errors = [{ keyword: 'shape', message, params: { shape: 'ip-range' } }];
  return false;
}

function compareIp(a: string, b: string): number {
  const words = (ip: string): bigint => {
    if (isIP(ip) === 4) return ip.split('.').reduce((n, part) => (n << 8n) + BigInt(part), 0n);
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const all = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return all.reduce((n, part) => (n << 16n) + BigInt(`0x${part || '0'}`), 0n);
  };
  const d = words(a) - words(b);
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}
