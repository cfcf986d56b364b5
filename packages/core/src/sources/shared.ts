/** What the chart source kinds share. */
import type { SourceKind } from './types.js';

/** An exact chart version: `1.20.0`, `v1.21.1`, `2.0.0-rc.1`, `1.2.3+build.4`. */
export const EXACT = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export const EXACT_VERSION: SourceKind['pin'] = {
  test: (v) => EXACT.test(v),
  words: 'an exact chart version (a range or `latest` changes what is installed without a commit)',
};

/** A chart component's unit applies its `app/` folder from the cluster's own source. */
export const chartUnit: SourceKind['unit'] = (_, scope) => ({ path: `${scope.dir}/app`, sourceRef: scope.clusterSource });
