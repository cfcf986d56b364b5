/**
 * Colours, on when the output is a terminal, and as the conventions say: `NO_COLOR` (any value
 * but empty) turns them off (https://no-color.org), `FORCE_COLOR` turns them on, except
 * `FORCE_COLOR=0` or `false`, which turns them off. picocolors' own detection treats
 * `FORCE_COLOR=0` as "on", so it is decided here.
 */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export const colorsFor = (stream: { isTTY?: boolean }, env?: NodeJS.ProcessEnv): Colors => pc.createColors(colorsEnabled(stream, env));
