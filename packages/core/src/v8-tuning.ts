/**
 * How V8 runs a fluxgen process. A `generate` is short: well under a second for one cluster, a few
 * seconds for a hundred. By default V8 sends a function to its optimising compiler (TurboFan, on a
 * background thread) after a little use, and in a run this short much of that compiling is never
 * paid back: the YAML library's and the validators' large functions are compiled, then run a few
 * hundred times. With eight times V8's default interrupt budget, only what stays hot is optimised.
 *
 * Measured on Node 20 (V8 11.3), 2 cores, whole processes, interleaved (docs/performance.md,
 * item 27): 100 clusters up to date 2.9–3.6 s of user time → 2.3–2.6 s; 300 clusters 7.1–7.8 s →
 * 5.6–5.7 s, wall time the same or less; one cluster unchanged. Other V8 versions keep their
 * defaults until measured: newer ones tier up through another compiler (Maglev), and Node 24's
 * V8 (13.6) no longer has this flag ("unrecognized flag"); Node 22's was not tried.
 *
 * The flags are part of V8's code-cache check: `npm run build` writes the validators' code caches
 * (`dist/validators/*.v8`) under the same flags as the CLI runs with (both call {@link tuneV8}),
 * or V8 rejects every cache and compiles each validator again. `FLUXGEN_V8_TUNING=0` keeps V8's
 * defaults (for measuring; the caches are then rejected).
 */
import { setFlagsFromString } from 'node:v8';

/** The flags, by the V8 major version they were measured on. */
const TUNING: Readonly<Record<number, readonly string[]>> = {
  11: ['--interrupt-budget=540672'], // V8 11.3's default is 67584
};

/** The flags {@link tuneV8} sets for a V8 version (`process.versions.v8`), none where not measured. */
export function v8TuningFor(v8Version: string, env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (env['FLUXGEN_V8_TUNING'] === '0') return [];
  return TUNING[Number.parseInt(v8Version, 10)] ?? [];
}

/**
 * Sets this process's V8 flags for a fluxgen run (the CLI, and the build that writes the code
 * caches); returns them. Call it before the work starts: functions already optimised stay so.
 */
export function tuneV8(): readonly string[] {
  const flags = v8TuningFor(process.versions.v8);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
