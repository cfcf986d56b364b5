/** Entry point of the `fluxgen` process from the sources (see process.ts; bin/fluxgen.js calls `main` itself). */
import { main } from './process.js';

await main();
