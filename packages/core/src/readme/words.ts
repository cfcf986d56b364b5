/** README words for model facts: categories, Pod Security levels, capabilities. */
import type { Capability } from '../capability.js';
import type { Category } from '../component.js';

export const CATEGORY_TITLES: Record<Category, string> = {
  core: 'Core services',
  networking: 'Networking',
  storage: 'Storage',
  observability: 'Observability',
  security: 'Security and secrets',
  'service-mesh': 'Service mesh',
  gitops: 'GitOps',
};
export const CATEGORY_ORDER = Object.keys(CATEGORY_TITLES) as Category[];

/** Why a Pod Security level is needed, by level. */
export const LEVEL_MEANING = {
  privileged: 'host access (host network, host paths or privileged containers)',
  baseline: 'no host access; the Kubernetes baseline profile',
  restricted: 'the hardened profile: non-root, no privilege escalation, seccomp',
} as const;

/** What a capability is, in words (`the StorageClass \`longhorn\``). */
export function capabilityWords(cap: Capability | string): string {
  const i = cap.indexOf(':');
  const kind = cap.slice(0, i);
  const what = cap.slice(i + 1);
  const [ns, name] = what.includes('/') ? what.split('/', 2) : ['', what];
  switch (kind) {
    case 'crd':
      return `the \`${what}\` CRDs`;
    case 'storage-class':
      return `the StorageClass \`${what}\``;
    case 'namespace':
      return `the namespace \`${what}\``;
    case 'secret':
      return `the Secret \`${name}\` in \`${ns}\``;
    case 'gateway':
      return `the Gateway \`${name}\` in \`${ns}\``;
    case 'configmap':
      return `the ConfigMap \`${name}\` in \`${ns}\``;
    default:
      return `\`${cap}\``;
  }
}

/** How a provider gives a capability (`installs the … CRDs`, `declares the namespace …`). */
export function providesWords(caps: readonly (Capability | string)[]): string {
  const verb = (cap: string) =>
    cap.startsWith('crd:') ? 'installs' : cap.startsWith('namespace:') ? 'declares' : cap.startsWith('secret:') ? 'makes' : 'provides';
  return listWords(caps.map((cap) => `${verb(cap)} ${capabilityWords(cap)}`));
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
