// Render time of clusters/homelab in one process, for two checkouts of fluxgen side by side: each
// checkout's own core, components and cluster.ts are imported (from their sources), then batches
// of renders run interleaved, A B A B, so that both pay the same for what else the machine runs.
// Rendering only: no start-up, no disk. For an A/B of a change to the engine.
//
//   node --conditions=@fluxgen/source --import tsx tools/cli/bench/render-ab.mts <checkout A> <checkout B> [rounds] [renders per batch]
//
// Each checkout needs `npm ci` and `npm run build` (the precompiled validators). Prints the fastest
// and the median batch of each (ms per render) and the median of the pairwise ratios B/A.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [a, b] = [process.argv[2], process.argv[3]];
if (!a || !b) {
  console.error('usage: render-ab.mts <checkout A> <checkout B> [rounds] [renders per batch]');
  process.exit(2);
}
const rounds = Number(process.argv[4] ?? 20);
const size = Number(process.argv[5] ?? 20);

type Render = () => unknown;
async function renderer(dir: string): Promise<Render> {
  const root = resolve(dir);
  const cluster = (await import(pathToFileURL(`${root}/clusters/homelab/cluster.ts`).href)).default as Record<string, unknown>;
  const core = (await import(pathToFileURL(`${root}/packages/core/src/index.ts`).href)) as { renderCluster: (d: unknown, o: object) => unknown };
  let k = 0;
  // A new name each time: nothing can be reused from an earlier render of the same cluster.
  return () => core.renderCluster({ ...cluster, name: `bench-${k}` }, { dir: `clusters/bench-${k++}` });
}

function batch(render: Render): number {
  const start = performance.now();
  for (let i = 0; i < size; i++) render();
  return (performance.now() - start) / size;
}

const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const ra = await renderer(a);
const rb = await renderer(b);
for (let i = 0; i < 15; i++) (ra(), rb()); // validators loaded, code optimised
const as: number[] = [];
const bs: number[] = [];
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first.
  if (r % 2 === 0) (as.push(batch(ra)), bs.push(batch(rb)));
  else (bs.push(batch(rb)), as.push(batch(ra)));
}
const ratios = as.map((x, i) => bs[i]! / x);
console.log(`A ${a}: ${Math.min(...as).toFixed(2)} ms per render at best, ${median(as).toFixed(2)} median`);
console.log(`B ${b}: ${Math.min(...bs).toFixed(2)} ms per render at best, ${median(bs).toFixed(2)} median`);
console.log(`B/A: ${median(ratios).toFixed(3)} (median of ${rounds} pairwise ratios of ${size} renders each)`);
