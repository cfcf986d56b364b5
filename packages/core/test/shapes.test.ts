import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { Type } from '../src/index.js';
import {
  ByteSize,
  CalendarDate,
  Cidr,
  Cron,
  Duration,
  Email,
  Hostname,
  IpRange,
  Ipv4,
  PrometheusDuration,
  Quantity,
  Size,
  Url,
} from '../src/shapes/index.js';
import { isIP } from '../src/shapes/scalars.js';
import { validate } from '../src/validate.js';

/** The message a value gets from a shape, or undefined when it is valid. */
function check(schema: object, value: unknown): string | undefined {
  const { diagnostics } = validate(Type.Object({ v: schema as never }), { v: value });
  return diagnostics[0]?.message;
}

describe('value shapes enforce their format and explain it in words', () => {
  it.each([
    [Cidr(), '10.244.0.0/16', '10.244.0.0/33', 'must be a CIDR like 10.0.0.0/16: the prefix length must be 0 to 32'],
    [Cidr(), 'fd00::/8', '10.0.0.0', 'must be a CIDR like 10.0.0.0/16: has no prefix length ("/16")'],
    [Ipv4(), '192.168.1.10', '192.168.1.300', 'must be an IPv4 address like 192.168.1.10: is not four numbers 0-255 joined by dots'],
    [Cron(), '0 3 * * *', '0 25 * * *', 'must be a cron schedule like 0 3 * * *: hour 25 is outside 0-23'],
    [Cron(), '*/15 1-5 * JAN-MAR mon-fri', 'at 3 am every day', 'must be a cron schedule like 0 3 * * *: minute "at" is not a number'],
    [Cron(), '@daily', '0 3 * *', 'must be a cron schedule like 0 3 * * *: has 4 fields, a schedule has five (minute hour day-of-month month day-of-week)'],
    [Size(), '10Gi', '0', 'must be a size like 10Gi: must be larger than zero'],
    [Quantity(), '500m', '1 Gi', 'must be a Kubernetes quantity like 500m: is not a number with an optional unit (Ki, Mi, Gi, …, or k, M, G, …)'],
    [Duration(), '1h30m', '0s', 'must be a duration like 5m: must be longer than zero'],
    [PrometheusDuration(), '30d', '0s', 'must be a Prometheus duration like 30d: must be longer than zero'],
    [ByteSize(), '90GB', 'up to 90GB', 'must be a byte size like 90GB: is not a number followed by a byte unit (B, KB, MB, GB, TB, or KiB, MiB, GiB, TiB)'],
    [Hostname(), 'app.example.com', 'App.example.com', 'must be a hostname like app.example.com: its part "App" may hold only lowercase letters, digits and "-", and must start and end with a letter or digit'],
    [Hostname({ wildcard: true }), '*.example.com', '*.*.example.com', 'must be a hostname like *.example.com: its part "*" may hold only lowercase letters, digits and "-", and must start and end with a letter or digit'],
    [Url({ schemes: ['https'] }), 'https://example.com', 'http://example.com', 'must be a URL like https://example.com: its scheme must be https://'],
    [CalendarDate(), '2024-04-01', '2024-02-30', 'must be a date like 2024-04-01: is not a day of the calendar'],
    [CalendarDate(), '2024-02-29', '1 April 2024', 'must be a date like 2024-04-01: is not written YYYY-MM-DD'],
    [Email(), 'admin@example.com', 'admin', 'must be an e-mail address like admin@example.com: has no name before "@"'],
  ])('%#: accepts the valid example and rejects the bad one in words', (schema, good, bad, message) => {
    expect(check(schema, good)).toBeUndefined();
    expect(check(schema, bad)).toBe(message);
  });

  it('an address range runs upwards within one family', () => {
    expect(check(IpRange(), { start: '10.0.0.1', stop: '10.0.0.9' })).toBeUndefined();
    expect(check(IpRange(), { start: '10.0.0.9', stop: '10.0.0.1' })).toBe(
      'must run upwards, like 192.168.1.220 to 192.168.1.239: 10.0.0.9 comes after 10.0.0.1',
    );
    expect(check(IpRange(), { start: '10.0.0.1', stop: 'fd00::1' })).toMatch(/one address family/);
  });

  it('a list with uniqueBy names the repeated item and the first one', () => {
    const { diagnostics } = validate(Type.Array(Type.Object({ name: Type.String() }), { uniqueBy: 'name' }), [{ name: 'a' }, { name: 'b' }, { name: 'a' }]);
    expect(diagnostics).toEqual([
      { code: 'NAME_DUPLICATE', path: '[2].name', message: 'repeats the name of item 0 ("a"): each name must be unique in this list' },
    ]);
  });
});

describe('isIP', () => {
  it("answers as Node's net.isIP, for addresses, names and everything between", () => {
    const samples = ['1.2.3.4', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '::', '::1', 'fe80::1%eth0', '::ffff:1.2.3.4', '2001:db8::/32', 'a:b:c:d:e:f:1:2', '1:2', 'example.com', 'my-host', '', ':', '1.2.3.4:80', '[::1]'];
    expect(samples.map((s) => isIP(s))).toEqual(samples.map((s) => net.isIP(s)));
  });
});
