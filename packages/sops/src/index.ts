/**
 * SOPS: Secrets kept as encrypted files beside the cluster, under
 * `clusters/<name>/secrets/<namespace>/<secret>.sops.yaml`, and decrypted in the cluster by Flux
 * (kustomize-controller, `spec.decryption`). fluxgen never decrypts: it checks that each file a
 * component refers to exists, is one Secret of the right name, is encrypted (SOPS metadata, every
 * `data`/`stringData` value `ENC[…]`) and has the keys its consumer reads, then adds one Flux
 * Kustomization per namespace that applies those files with decryption on. The consumer depends on
 * it through the `secret:<namespace>/<name>` it provides.
 *
 * ```ts
 * defineCluster({
 *   name: 'homelab',
 *   external: ['secret:flux-system/sops-age'],
 *   secretBackends: [sops()],
 *   components: [longhorn({ backup: { target: 'cifs://nas/backups', credentials: { sops: {} } } })],
 * });
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  capability,
  checkShape,
  declareSecretBackend,
  Name,
  Type,
  type SecretBackend,
  type SecretContext,
  type SecretProblem,
  type SecretResolution,
  type Static,
} from '@fluxgen/core';

/** A SOPS file as a SecretSource: `{ sops: {} }`, or `{ sops: { file, secretName } }`. */
export const SopsRefSchema = Type.Object(
  {
    file: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'File name in `clusters/<cluster>/secrets/<namespace>/` (the consumer\'s namespace). Defaults to `<secret name>.sops.yaml`.',
      }),
    ),
    secretName: Type.Optional(Name({ description: 'Name of the Secret in the file. Defaults per use.' })),
  },
  { additionalProperties: false },
);
export type SopsRef = Static<typeof SopsRefSchema>;

declare module '@fluxgen/core' {
  interface SecretBackendRefs {
    /** A SOPS-encrypted Secret file beside the cluster, decrypted by Flux (the cluster lists `sops()` from `@fluxgen/sops` in `secretBackends`). */
    sops: SopsRef;
  }
}

/** How the cluster decrypts. */
export interface SopsOptions {
  /**
   * Secret in the Flux namespace holding the private key (an age key under `age.agekey`, or a PGP
   * key), made by hand at bootstrap and listed in the cluster's `external`. @default 'sops-age'
   */
  readonly decryptionSecret?: string;
}

/** A file name: no folders, so that every file stays in its namespace's folder. */
function isFileName(file: string): boolean {
  const simple = [...file].every((ch) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || '._-'.includes(ch));
  return simple && !file.startsWith('.') && !file.startsWith('-') && (file.endsWith('.yaml') || file.endsWith('.yml'));
}

/** A value SOPS encrypted: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`. */
function isEncrypted(value: string): boolean {
  return value.startsWith('ENC[') && value.endsWith(']') && value.includes(',data:');
}

/**
 * The `sops` secret backend. List it in the cluster's `secretBackends`; references to it are
 * `{ sops: {} }` (or `{ sops: { file, secretName } }`) wherever a component takes a SecretSource.
 */
export function sops(options: SopsOptions = {}): SecretBackend<'sops'> {
  const decryptionSecret = options.decryptionSecret ?? 'sops-age';
  return declareSecretBackend({
    key: 'sops',
    title: 'SOPS file',
    schema: SopsRefSchema,
    provideHint: "list the SOPS backend in the cluster: `secretBackends: [sops()]` (from @fluxgen/sops)",
    resolve: (ref, ctx) => resolve(ref, ctx, decryptionSecret),
  });
}

function resolve(ref: SopsRef, ctx: SecretContext, decryptionSecret: string): SecretResolution {
  const file = ref.file ?? `${ctx.name}.sops.yaml`;
  const folder = `${ctx.dir}/secrets/${ctx.namespace}`;
  const path = `${folder}/${file}`;
  const unit = {
    name: `sops-${ctx.namespace}`,
    files: [path],
    namespace: ctx.namespace,
    provides: [capability('secret', `${ctx.namespace}/${ctx.name}`)],
    needs: [capability('secret', `${ctx.fluxNamespace}/${decryptionSecret}`)],
    spec: { decryption: { provider: 'sops', secretRef: { name: decryptionSecret } } },
  };
  const base = { reference: path, needs: [capability('secret', `${ctx.namespace}/${ctx.name}`)], unit };
  const problems: SecretProblem[] = [];
  if (checkShape('dns-label', decryptionSecret) !== undefined) {
    problems.push({
      code: 'CLUSTER_INVALID',
      message: 'the SOPS backend\'s decryptionSecret is not a Secret name',
      got: decryptionSecret,
      hint: 'give `sops({ decryptionSecret })` a lowercase name of letters, digits and `-`',
    });
  }
  if (!isFileName(file)) {
    problems.push({
      code: 'SECRET_FILE_INVALID',
      path: 'file',
      message: `must be a file name in ${folder}/, ending in .yaml`,
      got: file,
      hint: `keep the file in the folder of the consumer's namespace, e.g. \`${ctx.name}.sops.yaml\``,
    });
    return { ...base, problems };
  }
  return { ...base, problems: [...problems, ...checkFile(join(ctx.root, path), path, ctx)] };
}

/** Reads the file (never decrypting it) and reports what would break in the cluster. */
function checkFile(abs: string, path: string, ctx: SecretContext): SecretProblem[] {
  const encryptHint = `encrypt it in place before committing: \`sops --encrypt --age <recipient> --encrypted-regex '^(data|stringData)$' --in-place ${path}\``;
  if (!existsSync(abs)) {
    const literals = ctx.keys.map((k) => `--from-literal=${k}=…`).join(' ');
    return [
      {
        code: 'SECRET_FILE_MISSING',
        message: `has no file ${path}`,
        got: path,
        hint: `write it with \`kubectl -n ${ctx.namespace} create secret generic ${ctx.name} ${literals} --dry-run=client -o yaml > ${path}\`, then ${encryptHint}`,
      },
    ];
  }
  const docs = parseAllDocuments(readFileSync(abs, 'utf8'));
  const parsed = Array.isArray(docs) ? docs : [docs];
  const broken = parsed.find((d) => d.errors.length > 0);
  if (broken) {
    return [{ code: 'SECRET_FILE_INVALID', message: `${path} is not valid YAML: ${broken.errors[0]!.message.split('\n')[0]}`, got: path }];
  }
  const objects = parsed.map((d) => d.toJS() as unknown).filter((o) => o !== null && o !== undefined);
  const secret = objects[0] as Record<string, unknown> | undefined;
  const meta = (secret?.['metadata'] ?? {}) as Record<string, unknown>;
  const shapeHint = `the file holds exactly one Secret: apiVersion v1, kind Secret, metadata.name ${ctx.name}, metadata.namespace ${ctx.namespace} (or none)`;
  if (objects.length !== 1 || !isObject(secret) || secret['apiVersion'] !== 'v1' || secret['kind'] !== 'Secret') {
    return [
      {
        code: 'SECRET_FILE_INVALID',
        message: `${path} must hold one Secret (holds ${objects.length === 1 ? describe(secret) : `${objects.length} documents`})`,
        got: path,
        hint: shapeHint,
      },
    ];
  }
  const problems: SecretProblem[] = [];
  if (meta['name'] !== ctx.name) {
    problems.push({ code: 'SECRET_FILE_INVALID', message: `${path} holds Secret ${String(meta['name'])}, not ${ctx.name}`, got: meta['name'], hint: shapeHint });
  }
  if (meta['namespace'] !== undefined && meta['namespace'] !== ctx.namespace) {
    problems.push({
      code: 'SECRET_FILE_INVALID',
      message: `${path} puts its Secret in namespace ${String(meta['namespace'])}, not ${ctx.namespace}, where ${ctx.component} reads it`,
      got: meta['namespace'],
      hint: shapeHint,
    });
  }
  // Encrypted: SOPS metadata present, and no value left in plain text. Only keys are ever shown.
  const metadata = secret['sops'];
  if (!isObject(metadata) || typeof metadata['mac'] !== 'string') {
    problems.push({ code: 'SECRET_NOT_ENCRYPTED', message: `${path} has no SOPS metadata: it is not encrypted`, got: path, hint: encryptHint });
  }
  const keys = new Set<string>();
  for (const field of ['data', 'stringData'] as const) {
    const values = secret[field];
    if (values === undefined || values === null) continue;
    if (!isObject(values)) {
      problems.push({ code: 'SECRET_FILE_INVALID', message: `${path}: ${field} must be a map of keys to values`, got: field, hint: shapeHint });
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      keys.add(key);
      if (typeof value !== 'string' || !isEncrypted(value)) {
        problems.push({
          code: 'SECRET_NOT_ENCRYPTED',
          message: `${path} has ${field}.${key} in plain text`,
          got: `${field}.${key}`,
          hint: `${encryptHint}; a credential that was ever committed in plain text must be rotated`,
        });
      }
    }
  }
  for (const key of ctx.keys.filter((k) => !keys.has(k))) {
    problems.push({
      code: 'SECRET_KEY_MISSING',
      message: `${path} has no key ${key}, which ${ctx.component} reads (${ctx.purpose})`,
      got: key,
      hint: `add it with \`sops edit ${path}\` (it has: ${[...keys].join(', ') || 'no keys'})`,
    });
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return isObject(value) ? `${String(value['kind'] ?? 'an object without kind')}` : typeof value;
}
