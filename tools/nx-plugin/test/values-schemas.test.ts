/** The values JSON Schemas next to each component package are up to date (`npm run schemas`). */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleSchemas, valuesSchemas } from '../../../scripts/values-schemas.js';
import { REPO } from '../../cli/test/workspace.js';

describe('values JSON Schemas', () => {
  it('one per component, committed and up to date', async () => {
    expect(await staleSchemas(REPO)).toEqual([]);
    expect([...(await valuesSchemas(REPO)).keys()]).toContain('packages/kube-prometheus-stack/prometheus-operator-crds.schema.json');
  });

  it('accept what the component accepts and refuse unknown keys, with the descriptions', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'packages/metrics-server/metrics-server.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ kubelet: { insecureTLS: true } })).toBe(true);
    expect(validate({ kubelet: { insecureTls: true } })).toBe(false);
    expect(schema.properties.kubelet.properties.insecureTLS.description).toContain('--kubelet-insecure-tls');
  });
});
