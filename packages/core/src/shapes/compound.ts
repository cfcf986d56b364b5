/**
 * Compound value shapes: "publish this UI through a Gateway" ({@link Route}), "a volume of this
 * size on this StorageClass" ({@link Storage}), "expose metrics to the Prometheus Operator"
 * ({@link Monitoring}), an address range ({@link IpRange}). Each is declared once: its schema
 * (marked with the `shape` keyword), the capabilities it implies, the checks it needs against the
 * rest of the cluster, and its README line. Core finds every use of a shape in a component's values
 * by walking the schema beside the values ({@link findShapes}), so a component declares a field of
 * the shape and maps it to its chart keys, and nothing else.
 */
import { Type, type ObjectOptions, type Static, type TSchema } from '@sinclair/typebox';
import type { Capability } from '../capability.js';
import type { ClusterFacts, GatewayListenerFact, PublishedFact } from '../facts.js';
import { withDefault, type Resolved } from '../schema.js';
import { DnsSubdomain, Hostname, IpAddress, Name, Quantity, Size } from './scalars.js';

/** A Gateway a route attaches to. */
export const GatewayRef = Type.Object(
  {
    name: Name({ description: 'Name of the Gateway.' }),
    namespace: Type.Optional(Name({ description: "Namespace of the Gateway. Defaults to the route's namespace." })),
    sectionName: Type.Optional(DnsSubdomain({ description: 'Listener of the Gateway to attach to, e.g. `https`. Default: every listener that fits.' })),
  },
  { description: 'The Gateway (and optionally its listener) the route attaches to.' },
);
export type GatewayRef = Static<typeof GatewayRef>;

/**
 * Publishes a web UI through a Gateway API HTTPRoute: hostnames plus a Gateway. Implies the Gateway
 * API CRDs; the Gateway and listener must exist in the cluster (or the Gateway be `external`), and
 * each hostname must fit the listener.
 */
export function Route(options: ObjectOptions = {}) {
  return Type.Object(
    {
      hostnames: Type.Array(Hostname({ description: 'A hostname, e.g. `app.example.com`.' }), {
        minItems: 1,
        uniqueItems: true,
        description: 'Hostnames the UI answers on.',
      }),
      gateway: GatewayRef,
    },
    { description: 'Publish the UI through a Gateway API HTTPRoute.', ...options, shape: 'route' },
  );
}
export type RouteValue = Resolved<ReturnType<typeof Route>>;

/**
 * A Gateway that something other than a UI route attaches HTTPRoutes to (cert-manager's ACME
 * HTTP-01 solver): a {@link GatewayRef} with its namespace given. Implies the Gateway API CRDs; the
 * Gateway and listener must exist in the cluster (or the Gateway be `external`), as for a Route.
 */
export function GatewayParent(options: ObjectOptions = {}) {
  return Type.Object(
    {
      name: GatewayRef.properties.name,
      namespace: Name({ description: 'Namespace of the Gateway.' }),
      sectionName: GatewayRef.properties.sectionName,
    },
    { description: 'A Gateway (and optionally its listener) to attach HTTPRoutes to.', ...options, shape: 'gateway-parent' },
  );
}
export type GatewayParentValue = Resolved<ReturnType<typeof GatewayParent>>;

/** The Gateway API `parentRefs` of a route, for a chart's HTTPRoute values. */
export function routeParentRefs(route: RouteValue, namespace?: string): { name: string; namespace?: string; sectionName?: string }[] {
  const ns = route.gateway.namespace ?? namespace;
  return [{ name: route.gateway.name, ...(ns ? { namespace: ns } : {}), ...(route.gateway.sectionName ? { sectionName: route.gateway.sectionName } : {}) }];
}

/** A persistent volume: its size, and the StorageClass (another component's, `external`, or the cluster default). */
export function Storage(options: ObjectOptions & { defaultSize?: string } = {}) {
  const { defaultSize, ...rest } = options;
  const size = Size({ description: 'Size of the volume, e.g. `10Gi`.' });
  return Type.Object(
    {
      size: defaultSize ? withDefault(size, defaultSize) : size,
      storageClass: Type.Optional(
        DnsSubdomain({
          description:
            'StorageClass of the volume; a component of the cluster (or `external`) must provide it. Default: the cluster default class.',
        }),
      ),
    },
    { description: 'A persistent volume.', ...rest, shape: 'storage' },
  );
}
export type StorageValue = Resolved<ReturnType<typeof Storage>>;

/** The StorageClass a volume ends up on: its own, or the cluster's default when a component makes one. */
export function storageClassOf(storage: { readonly storageClass?: string }, facts: ClusterFacts): string | undefined {
  return storage.storageClass ?? facts.one('default-storage-class')?.name;
}

/**
 * Turns on the component's ServiceMonitors or PodMonitors (implies the Prometheus Operator CRDs).
 * With `derived: true` the value has no default: left unset, it is on exactly when a component of
 * the cluster publishes a `metrics-collector` fact (a Prometheus Operator that watches every
 * namespace), and the README says so. Read it in mappings with {@link monitored}.
 */
export function Monitoring(options: { description?: string; derived?: boolean } = {}) {
  const { derived, ...rest } = options;
  const schema = Type.Boolean({
    description: derived
      ? 'Expose metrics to the Prometheus Operator (ServiceMonitor or PodMonitor; needs its CRDs). Default: on when the cluster runs a Prometheus Operator that watches every namespace (a component that publishes the metrics-collector fact).'
      : 'Expose metrics to the Prometheus Operator (ServiceMonitor or PodMonitor; needs its CRDs).',
    ...rest,
    shape: 'monitoring',
    ...(derived ? { derivedDefault: true } : {}),
  });
  return derived ? Type.Optional(schema) : withDefault(schema, false);
}

/** Whether a Monitoring value is on: as set, or (unset) when the cluster has a metrics collector. */
export function monitored(on: boolean | undefined, facts: ClusterFacts): boolean {
  return on ?? facts.one('metrics-collector') !== undefined;
}

/**
 * A container's resource requests: CPU and memory, both optional (memory is also the limit). For
 * components whose chart takes `resources` and that set nothing unless asked.
 */
export function Resources(options: { description: string }) {
  return Type.Optional(
    Type.Object(
      {
        cpu: Type.Optional(Quantity({ description: 'CPU request of each pod, e.g. `100m`.' })),
        memory: Type.Optional(Size({ description: 'Memory request and limit of each pod, e.g. `1Gi`.' })),
      },
      { additionalProperties: false, ...options },
    ),
  );
}

/** A range of IP addresses, `start` to `stop` (same family, upwards). */
export function IpRange(options: ObjectOptions = {}) {
  return Type.Object(
    {
      start: IpAddress({ description: 'First address of the range.' }),
      stop: IpAddress({ description: 'Last address of the range.' }),
    },
    { description: 'An address range.', ...options, shape: 'ip-range' },
  );
}

/** The API group whose CRDs routes need. */
const GATEWAY_API = 'crd:gateway.networking.k8s.io' as const;
/** The API group of ServiceMonitors and PodMonitors. */
const MONITORING = 'crd:monitoring.coreos.com' as const;

/** A use of a compound shape in a component's values. */
export interface ShapeUse {
  readonly shape: string;
  /** Dotted path of the value (`prometheus.route`). */
  readonly path: string;
  readonly value: unknown;
}

/** What core needs to know to judge a use of a shape. */
export interface ShapeContext {
  readonly namespace: string;
  readonly facts: ClusterFacts;
  /** Capabilities the cluster declares `external`. */
  readonly external: readonly string[];
}

/** A problem a shape finds in its value, at a path below it. */
export interface ShapeProblem {
  readonly path: string;
  readonly message: string;
  readonly got?: unknown;
  readonly hint: string;
  readonly code: 'REFERENCE_DANGLING' | 'VALUE_INVALID';
}

/** How each compound shape acts on the cluster. */
interface CompoundShape {
  needs(value: never, ctx: ShapeContext): readonly Capability[];
  check?(value: never, path: string, ctx: ShapeContext): readonly ShapeProblem[];
  /** The README line of a use (a feature of the component). */
  describe?(value: never, ctx: ShapeContext): string | undefined;
}

/** Every compound shape, by the name its schema carries. */
export const COMPOUND_SHAPES: Record<string, CompoundShape> = {
  route: {
    needs: () => [GATEWAY_API],
    check: (route: RouteValue, path, ctx) => checkRoute(route, path, ctx),
    describe: (route: RouteValue, ctx) =>
      `Published on ${route.hostnames.map((h) => `\`${h}\``).join(', ')} through Gateway \`${route.gateway.namespace ?? ctx.namespace}/${route.gateway.name}\`${route.gateway.sectionName ? ` (listener \`${route.gateway.sectionName}\`)` : ''}`,
  },
  'gateway-parent': {
    needs: () => [GATEWAY_API],
    check: (ref: GatewayParentValue, path, ctx) => checkGatewayRef(ref, path, ctx).problems,
  },
  storage: {
    // A volume without a class lands on the default class: wait for the component that makes it.
    needs: (storage: StorageValue, ctx) => {
      const cls = storageClassOf(storage, ctx.facts);
      return cls ? [`storage-class:${cls}` as const] : [];
    },
  },
  monitoring: {
    needs: (on: boolean | undefined, ctx) => (monitored(on, ctx.facts) ? [MONITORING] : []),
    describe: (on: boolean | undefined, ctx) => {
      if (!monitored(on, ctx.facts)) return undefined;
      const collector = on === undefined ? ctx.facts.one('metrics-collector') : undefined;
      return `Metrics scraped by the Prometheus Operator (ServiceMonitor or PodMonitor)${collector ? `, on because ${collector.from} collects metrics (derived)` : ''}`;
    },
  },
};

/**
 * Whether a Gateway reference names a Gateway of the cluster (or an `external` one) and one of its
 * listeners: the problems, and the Gateway and listeners it resolves to.
 */
export function checkGatewayRef(
  ref: { readonly name: string; readonly namespace?: string; readonly sectionName?: string },
  path: string,
  ctx: ShapeContext,
): { problems: ShapeProblem[]; gateway?: PublishedFact<'gateway'>; listeners: readonly GatewayListenerFact[] } {
  const ns = ref.namespace ?? ctx.namespace;
  const id = `${ns}/${ref.name}`;
  const gateway = ctx.facts.all('gateway').find((g) => g.namespace === ns && g.name === ref.name);
  if (!gateway) {
    if (ctx.external.includes(`gateway:${id}`)) return { problems: [], listeners: [] };
    const known = ctx.facts.all('gateway').map((g) => `${g.namespace}/${g.name}`);
    return {
      listeners: [],
      problems: [
        {
          code: 'REFERENCE_DANGLING',
          path,
          message: `names Gateway ${id}, which no component of the cluster declares`,
          got: ref,
          hint: known.length > 0
            ? `use one of the cluster's Gateways (${known.join(', ')}), or list "gateway:${id}" in the cluster's \`external\``
            : `declare the Gateway in a component (e.g. a Gateway API component's \`gateways\`), or list "gateway:${id}" in the cluster's \`external\``,
        },
      ],
    };
  }
  const listeners = ref.sectionName ? gateway.listeners.filter((l) => l.name === ref.sectionName) : gateway.listeners;
  if (listeners.length === 0) {
    return {
      gateway,
      listeners,
      problems: [
        {
          code: 'REFERENCE_DANGLING',
          path: `${path}.sectionName`,
          message: `names listener "${ref.sectionName}", which Gateway ${id} does not have`,
          got: ref.sectionName,
          hint: `use one of its listeners: ${gateway.listeners.map((l) => l.name).join(', ')}`,
        },
      ],
    };
  }
  return { problems: [], gateway, listeners };
}

function checkRoute(route: RouteValue, path: string, ctx: ShapeContext): ShapeProblem[] {
  const { problems, gateway, listeners } = checkGatewayRef(route.gateway, `${path}.gateway`, ctx);
  if (problems.length > 0 || !gateway) return problems;
  const id = `${gateway.namespace}/${gateway.name}`;
  return route.hostnames.flatMap((host, i) =>
    listeners.some((l) => hostFits(host, l))
      ? []
      : [
          {
            code: 'VALUE_INVALID' as const,
            path: `${path}.hostnames[${i}]`,
            message: `does not fit ${route.gateway.sectionName ? `listener "${route.gateway.sectionName}"` : 'any listener'} of Gateway ${id}, so the route would never attach`,
            got: host,
            hint: `use a hostname under ${listeners.map((l) => `"${l.hostname ?? '*'}"`).join(' or ')}`,
          },
        ],
  );
}

/** Whether a route hostname is served by a listener (Gateway API hostname matching, wildcards one label deep or more). */
function hostFits(host: string, listener: GatewayListenerFact): boolean {
  const l = listener.hostname;
  if (!l) return true;
  if (l === host) return true;
  if (l.startsWith('*.')) {
    const suffix = l.slice(1);
    const base = host.startsWith('*.') ? host.slice(1) : host;
    return base.endsWith(suffix) && base.length > suffix.length;
  }
  return host.startsWith('*.') && l.endsWith(host.slice(1));
}

/**
 * Every use of a compound shape in `value`, found by walking `schema` beside it: object
 * properties, array items, optional fields and unions (the branch whose keys match). Objects with
 * `enabled: false` are skipped.
 */
export function findShapes(schema: TSchema, value: unknown, path = ''): ShapeUse[] {
  const s = schema as Record<string, unknown>;
  const out: ShapeUse[] = [];
  const shape = s['shape'];
  // A derived default (Monitoring({ derived: true })) acts unset, too: the shape decides from the facts.
  if (typeof shape === 'string' && shape in COMPOUND_SHAPES && (value !== undefined || s['derivedDefault'] === true)) out.push({ shape, path, value });
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    const items = s['items'];
    if (items && typeof items === 'object') value.forEach((v, i) => out.push(...findShapes(items as TSchema, v, `${path}[${i}]`)));
    return out;
  }
  const props = s['properties'] as Record<string, TSchema> | undefined;
  // A part switched off (`enabled: false`) implies nothing: its routes, volumes and monitors are not rendered.
  if ((value as Record<string, unknown>)['enabled'] === false) return out;
  if (props) {
    for (const [key, sub] of Object.entries(props)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined || (sub as Record<string, unknown>)['derivedDefault'] === true) out.push(...findShapes(sub, v, path ? `${path}.${key}` : key));
    }
  }
  for (const union of ['anyOf', 'oneOf'] as const) {
    const branches = s[union] as TSchema[] | undefined;
    // A union of objects: descend into the branches that declare every key the value has.
    const branch = (branches ?? []).find((b) => {
      const keys = Object.keys((b as { properties?: object }).properties ?? {});
      return Object.keys(value).every((k) => keys.includes(k));
    });
    if (branch) out.push(...findShapes(branch, value, path));
  }
  return out;
}
