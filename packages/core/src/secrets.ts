/**
 * Secret references: how a component is given credentials. Never a literal value: either a Secret
 * that exists in the cluster (made by hand, or by another tool, and then declared `external`), or
 * a 1Password item that the 1Password operator syncs into a Secret next to the consumer.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Capability } from './capability.js';
import type { KubeObject } from './kube.js';
import { Name } from './shapes/scalars.js';

/** Where a Secret comes from. */
export const SecretSource = Type.Union(
  [
    Type.Object(
      {
        existingSecret: Name({
          description: 'Name of a Secret that already exists in the namespace (list it as `secret:<namespace>/<name>` in the cluster\'s `external`).',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        onePassword: Type.Object(
          {
            item: Type.String({
              pattern: '^vaults/[^/]+/items/[^/]+$',
              description: '1Password item path, `vaults/<vault>/items/<item>`; its fields become the Secret\'s keys.',
            }),
            secretName: Type.Optional(Name({ description: 'Name of the Secret the operator creates. Defaults per use.' })),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'A Secret: `{ existingSecret: name }` or `{ onePassword: { item: "vaults/<vault>/items/<item>" } }`.' },
);
export type SecretSource = Static<typeof SecretSource>;

/** One Secret a component consumes, declared by the component so fluxgen can produce and document it. */
export interface SecretUse {
  readonly source: SecretSource;
  /** Secret name when the source does not fix one (1Password without `secretName`). */
  readonly defaultName: string;
  /** Keys (1Password field labels) the consumer reads. */
  readonly keys: readonly string[];
  /** What it is for, for the README (`SMB credentials of the NAS share`). */
  readonly purpose: string;
}

/** The name of the Secret a source ends up as: what a component writes into its chart values. */
export function secretName(source: SecretSource, defaultName: string): string {
  return 'existingSecret' in source ? source.existingSecret : (source.onePassword.secretName ?? defaultName);
}

/** A resolved secret use: where the Secret comes from and what must exist first. */
export interface ResolvedSecret {
  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly string[];
  readonly purpose: string;
  /** `1Password item vaults/…` or `existing Secret`. */
  readonly origin: string;
  readonly objects: readonly KubeObject[];
  readonly needs: readonly Capability[];
}

/** The objects and needs of one secret use in `namespace`. */
export function resolveSecret(use: SecretUse, namespace: string): ResolvedSecret {
  const name = secretName(use.source, use.defaultName);
  const base = { name, namespace, keys: use.keys, purpose: use.purpose };
  if ('existingSecret' in use.source) {
    return { ...base, origin: 'existing Secret', objects: [], needs: [`secret:${namespace}/${name}`] };
  }
  return {
    ...base,
    origin: `1Password item \`${use.source.onePassword.item}\``,
    objects: [
      {
        apiVersion: 'onepassword.com/v1',
        kind: 'OnePasswordItem',
        metadata: { name, namespace },
        spec: { itemPath: use.source.onePassword.item },
      },
    ],
    needs: ['crd:onepassword.com'],
  };
}
