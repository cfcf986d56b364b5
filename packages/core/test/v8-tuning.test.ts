/** The V8 flags of a fluxgen process (v8-tuning.ts): by the V8 version they were measured on. */
import { describe, expect, it } from 'vitest';
import { v8TuningFor } from '../src/v8-tuning.js';

describe('v8TuningFor', () => {
  it('raises the interrupt budget on V8 11 (Node 20), where it was measured', () => {
    expect(v8TuningFor('11.3.244.8-node.38', {})).toEqual(['--interrupt-budget=540672']);
  });

  it("keeps V8's defaults on a V8 without measured flags (Node 22's; Node 24's has no --interrupt-budget)", () => {
    expect(v8TuningFor('12.4.254.21-node.33', {})).toEqual([]);
    expect(v8TuningFor('13.6.233.17-node.63', {})).toEqual([]);
  });

  it("keeps V8's defaults with FLUXGEN_V8_TUNING=0", () => {
    expect(v8TuningFor('11.3.244.8-node.38', { FLUXGEN_V8_TUNING: '0' })).toEqual([]);
    expect(v8TuningFor('11.3.244.8-node.38', { FLUXGEN_V8_TUNING: '1' })).toEqual(['--interrupt-budget=540672']);
  });
});
