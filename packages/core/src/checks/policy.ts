/**
 * Layer 5: policy. What is valid YAML and valid Kubernetes but still must not leave fluxgen.
 *
 * - `POLICY_VERSION_NOT_PINNED`: chart versions are exact (semver, optional `v` and prerelease);
 *   Git tags end in a version. No ranges (`^`, `~`, `x`, `*`, `>=`, ` - `, `||`), no `latest`, no
 *   branch names.
 * - `POLICY_INSECURE_URL`: chart repositories and Git URLs are `https://`, OCI charts `oci://`.
 * - `POLICY_INVALID_NAME`: component names and namespaces are DNS-1123 labels, emitted objects'
 *   names DNS-1123 subdomains, kinds plain words, and no rendered path leaves the tree.
 * - `POLICY_PLAINTEXT_SECRET`: no literal string under a key that holds a credential (see
 *   {@link isCredentialKey}; `"false"`, numbers and `${…}` substitutions are not credentials), and
 *   no value that is a secret by its shape, under any key (see {@link secretShapeIn}: PEM private
 *   keys, URLs with a password, Slack/Discord webhooks, GitHub/GitLab/AWS tokens, JWTs,
 *   `password=` options; long random strings under credential-like keys), in the final Helm values,
 *   in emitted objects, and in README text.
 */
import type { ComponentSpec } from '../component.js';
import type { Diagnostic } from '../errors.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { SCALAR_SHAPES } from '../shapes/scalars.js';
import { sourceKind } from '../sources/index.js';
import { EXACT } from '../sources/shared.js';
import { ValidOnce } from '../memo.js';
import { joinPath } from '../validate.js';
import { isPlainObject, walkValues, type ValueVisit } from '../values.js';
import { componentOf, describeObject, objectsOf, type CheckInput } from './shared.js';

/** An exact chart version (the pin rule of chart sources). */
export const EXACT_VERSION = EXACT;


const isLabel = (name: string) => SCALAR_SHAPES['dns-label'].check(name) === undefined;
const isSubdomain = (name: string) => SCALAR_SHAPES['dns-subdomain'].check(name) === undefined;

/** Runs every policy rule. */
export function checkPolicy(input: CheckInput): Diagnostic[] {
  const { model } = input;
  return [...model.components.flatMap((c) => [...pins(model, c), ...urls(model, c)]), ...names(input), ...plaintext(input)];
}

/** Where a component's own declaration lives, for problems that are not the cluster's. */
function specSource(spec: ComponentSpec): string {
  return isLabel(spec.name) ? `@fluxgen/${spec.name}` : `defineComponent({ name: ${JSON.stringify(spec.name)} })`;
}

function pins(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const overridden = typeof c.input['version'] === 'string';
  const git = !c.source.chart;
  const { pin } = sourceKind(c.source);
  const version = c.source.version;
  if (pin.test(version)) return [];
  const pinned = git ? c.spec.git!.tag : c.spec.chart!.version;
  return [
    {
      cluster: model.name,
      component: c.name,
      code: 'POLICY_VERSION_NOT_PINNED',
      path: overridden ? 'version' : git ? 'git.tag' : 'chart.version',
      got: version,
      source: overridden ? model.source : specSource(c.spec),
      message: `must be ${pin.words}`,
      hint:
        pinned !== version && pin.test(pinned)
          ? `pin one exact version, e.g. "${pinned}" (the component's default)`
          : git
            ? 'pin a tag such as "v1.6.1"'
            : 'pin one exact version such as "1.2.3"',
    },
  ];
}

function urls(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const fields: [string, string | undefined, string][] = [
    ['chart.repository', c.spec.chart?.repository, 'https://'],
    ['chart.oci', c.spec.chart?.oci, 'oci://'],
    ['git.url', c.spec.git?.url, 'https://'],
  ];
  return fields
    .filter(([, url, scheme]) => url !== undefined && !url.startsWith(scheme))
    .map(([path, url, scheme]) => ({
      cluster: model.name,
      component: c.name,
      code: 'POLICY_INSECURE_URL' as const,
      path,
      got: url,
      source: specSource(c.spec),
      message: `must start with ${scheme}`,
      hint:
        scheme === 'oci://'
          ? 'give the OCI reference as oci://<registry>/<path>/<chart>'
          : `use the ${scheme} address of the repository${url!.startsWith('http://') ? ` (${url!.replace('http://', 'https://')})` : ''}; plain HTTP lets anyone on the path change what is installed`,
    }));
}

function names(input: CheckInput): Diagnostic[] {
  const { model } = input;
  const out: Diagnostic[] = [];
  const bad = new Set<string>();
  const base = (c: ComponentModel | undefined) => ({
    cluster: model.name,
    ...(c ? { component: c.name } : {}),
    code: 'POLICY_INVALID_NAME' as const,
  });
  for (const c of model.components) {
    // Names and namespaces the cluster wrote are checked with the typed values; these come from the component.
    const fields = [
      ['name', c.name, ': it names a folder and Flux objects', 'rename the component, or give the instance a `name`'],
      ['namespace', c.namespace, '', "fix the component's default namespace, or give the instance a `namespace`"],
    ] as const;
    for (const [path, value, why, hint] of fields) {
      if (isLabel(value)) continue;
      bad.add(value);
      out.push({
        ...base(c),
        path,
        got: value,
        source: specSource(c.spec),
        message: `must be a DNS-1123 label (lowercase letters, digits and \`-\`, at most 63)${why}`,
        hint,
      });
    }
  }
  for (const { file, object } of objectsOf(input)) {
    const c = componentOf(model, file);
    const { name, namespace } = object.metadata ?? {};
    const problems: [string, unknown, boolean, string][] = [
      ['kind', object.kind, /^[A-Z][A-Za-z0-9]*$/.test(object.kind), 'must be a Kubernetes kind (letters and digits): it names the file'],
      ['metadata.name', name, typeof name === 'string' && isSubdomain(name), 'must be a DNS-1123 subdomain'],
      [
        'metadata.namespace',
        namespace,
        namespace === undefined || isLabel(namespace),
        'must be a DNS-1123 label',
      ],
    ];
    for (const [path, got, ok, message] of problems) {
      if (ok || (object.kind === 'Kustomization' && object.apiVersion.startsWith('kustomize.config.k8s.io') && path === 'metadata.name'))
        continue;
      if (typeof got === 'string' && [...bad].some((b) => got.includes(b))) continue;
      out.push({
        ...base(c),
        path: `${file}:${path}`,
        got,
        source: model.source,
        message: `${message} (${describeObject(object)})`,
        hint: "names come from the component or from the cluster's values: use lowercase letters, digits, `-` and `.`",
      });
    }
  }
  // Last line of defence for the writer: no rendered path may leave flux/infra.
  if (out.length === 0) {
    for (const path of input.paths) {
      if (path.split('/').every((s) => s !== '' && s !== '.' && s !== '..') && !/[\\:]/.test(path)) continue;
      out.push({ ...base(componentOf(model, path)), path, source: model.source, message: 'is not a plain relative path inside the tree' });
    }
  }
  return out;
}

const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'token',
  'credential',
  'credentials',
  'apikey',
  'secretkey',
  'privatekey',
]);
const CREDENTIAL_PAIRS = new Set([
  'api key',
  'private key',
  'secret key',
  'account key',
  'encryption key',
  'signing key',
  'master key',
  'client secret',
  'cookie secret',
  'shared secret',
  'hmac secret',
  'jwt secret',
  'session secret',
  'webhook secret',
]);
/** Trailing words that only say how a credential is encoded (`credentials_base64`, `credentials.json`). */
const ENCODINGS = new Set(['base64', 'b64', 'encoded', 'json', 'yaml']);

/** Splits a key into lowercase words: `backupTargetCredentialSecret` → backup, target, credential, secret. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether a key holds a credential itself (rather than naming one). Decided by its last word(s):
 * `password`, `passwd`, `passphrase`, `token`, `credential(s)`, `apiKey`/`api_key`, `privateKey`,
 * `secretKey`, `secretAccessKey`, `accountKey`, `clientSecret`, `cookieSecret`, … (an encoding suffix such as
 * `_base64` is ignored). Keys that end in another word name or locate a credential and are
 * allowed: `existingSecret`, `secretName`, `credentialsName`, `passwordKey`, `tokenFile`,
 * `backupTargetCredentialSecret`, `secretRef`; so is anything starting with `existing`.
 */
export function isCredentialKey(key: string): boolean {
  let known = credentialKeys.get(key);
  if (known === undefined) credentialKeys.set(key, (known = credentialKey(key)));
  return known;
}
/** isCredentialKey's answers: the same few hundred keys recur in every component of every cluster. */
const credentialKeys = new Map<string, boolean>();

function credentialKey(key: string): boolean {
  const words = keyWords(key);
  while (words.length > 1 && ENCODINGS.has(words[words.length - 1]!)) words.pop();
  if (words.length === 0 || words[0] === 'existing') return false;
  const last = words[words.length - 1]!;
  const pair = words.slice(-2).join(' ');
  return CREDENTIAL_WORDS.has(last) || CREDENTIAL_PAIRS.has(pair) || words.slice(-3).join(' ') === 'secret access key';
}

/** Values that refer to a credential instead of holding it: templates and variable expansions. */
const PLACEHOLDER = /^(\$\{[^}]+\}|\{\{.*\}\}|\$__(env|file|vault)\{[^}]*\})$/s;
/** A reference inside a longer string (`${SMB_PASSWORD}`, `{{ .password }}`). */
const REFERENCE = /^(\$\{[^}]+\}|\{\{.*\}\}|\$\([^)]+\)|\$[A-Z_][A-Z0-9_]*)$/s;
/** Strings that are a boolean or a number written as text: never a credential (`"false"`, `"3"`). */
const NOT_A_SECRET = /^(true|false|yes|no|on|off|null|~|-?\d+(\.\d+)?)$/i;

/**
 * Shapes of secrets recognisable by value alone, whatever key they sit under. Each says what it
 * found (never the value). Certificates are public and are not listed; private keys are.
 */
const SECRET_SHAPES: readonly [string, RegExp][] = [
  ['a PEM private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/],
  ['a Slack webhook URL', /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{16,}/],
  ['a Discord webhook URL', /https:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/],
  ['a GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/],
  ['a GitLab token', /\bgl(?:pat|dt|ptt|rt|cbt|oas)-[A-Za-z0-9_-]{20,}/],
  ['an AWS access key', /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
];

/** `scheme://user:password@host`: the password part, if any. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@/gi;
/** `password=…` / `secret=…` inside option strings (`mount -o`, connection strings). */
const INLINE_PASSWORD = /(?:^|[\s,;&?])(?:password|passwd|pass|pwd|secret|client_secret|token)\s*=\s*([^\s,;&]+)/gi;

/** Every shape of SECRET_SHAPES in one pattern: a text (a README) is read once, not once per shape. */
const ANY_SECRET_SHAPE = new RegExp(SECRET_SHAPES.map(([, shape]) => `(?:${shape.source})`).join('|'));
/** What follows `://` in a URL with a password ({@link URL_PASSWORD}), matched where a `://` stands. */
const USER_PASSWORD = /[^\s/:@]+:[^\s/@]+@/y;
/** What an {@link INLINE_PASSWORD} option needs somewhere: one of its keys right before a `=`. */
const INLINE_PASSWORD_KEY = /(?:pass(?:word|wd)?|pwd|secret|token)\s*=/i;

/**
 * What secret a string holds by its shape alone, described in words, or undefined. `${VAR}`-style
 * substitutions in a URL or option string are references, not secrets.
 */
export function secretShapeIn(text: string): string | undefined {
  // Cheap tests first: no shape is shorter than SHORTEST_SHAPE, and each full pattern runs only on
  // a text that has what it cannot match without (a user and password after a `://`, a key before a `=`).
  if (text.length >= SHORTEST_SHAPE && ANY_SECRET_SHAPE.test(text)) for (const [what, shape] of SECRET_SHAPES) if (shape.test(text)) return what;
  if (hasUserPassword(text)) for (const m of text.matchAll(URL_PASSWORD)) if (!REFERENCE.test(m[1]!)) return 'a URL with a password in its user part';
  if (text.includes('=') && INLINE_PASSWORD_KEY.test(text)) for (const m of text.matchAll(INLINE_PASSWORD)) if (!REFERENCE.test(m[1]!) && !/^["']?$/.test(m[1]!)) return 'a `password=` or `secret=` option';
  return undefined;
}

/** Whether some `://` in the text is followed by `user:password@` (what URL_PASSWORD needs after its scheme). */
function hasUserPassword(text: string): boolean {
  if (!text.includes('@')) return false;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 1)) {
    USER_PASSWORD.lastIndex = at + 3;
    if (USER_PASSWORD.test(text)) return true;
  }
  return false;
}
/** The shortest text any of SECRET_SHAPES matches (an AWS access key: 20 characters). */
const SHORTEST_SHAPE = 20;

/** Words that, last in a key, mark a credential-like key for the entropy rule (`tls.key`, `authSecret`). */
const CREDENTIAL_LIKE = new Set(['key', 'secret', 'token', 'auth', 'password', 'passwd', 'credential', 'credentials', 'apikey', 'pass']);

/** Bits per character (Shannon): random tokens score above 3.5, words and names below. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** A long random-looking string (no spaces, mixed classes, high entropy): a generated key or token. */
function looksRandom(text: string): boolean {
  if (text.length < 20 || /\s/.test(text) || /^[a-z0-9.-]+$/.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(text)).length;
  return classes >= 3 && entropy(text) >= 3.5;
}

/** Why a value is a plaintext secret (what it is, in words), or undefined. */
function plaintextReason(n: ValueVisit): string | undefined {
  if (typeof n.value !== 'string') return undefined;
  const text = n.value.trim();
  if (text === '' || PLACEHOLDER.test(text)) return undefined;
  const shape = secretShapeIn(text);
  if (shape) return shape;
  if (NOT_A_SECRET.test(text)) return undefined;
  const owner = n.keys.length > 1 ? n.keys[n.keys.length - 2]! : '';
  const envName = isPlainObject(n.parent) && typeof n.parent['name'] === 'string' ? n.parent['name'] : '';
  // `token: …`, `token: { value: … }`, or an env entry `{ name: API_TOKEN, value: … }`.
  if (isCredentialKey(n.key) || (n.key === 'value' && (isCredentialKey(owner) || isCredentialKey(envName)))) return 'a credential';
  if (isCredentialLikeKey(n.key === 'value' ? envName || owner : n.key) && looksRandom(text)) return 'a random-looking key or token';
  return undefined;
}

/** Whether a key's last word marks it credential-like (CREDENTIAL_LIKE), remembered per key. */
function isCredentialLikeKey(key: string): boolean {
  let known = credentialLikeKeys.get(key);
  if (known === undefined) {
    const words = keyWords(key);
    const last = words[words.length - 1];
    known = last !== undefined && CREDENTIAL_LIKE.has(last) && words[0] !== 'existing';
    credentialLikeKeys.set(key, known);
  }
  return known;
}
const credentialLikeKeys = new Map<string, boolean>();

/**
 * Fields of kinds that sync Secrets whose values name a key of a Secret, never hold one: the
 * External Secrets Operator's `secretKey` (`spec.data[].secretKey`: the key written into the
 * target Secret) and `secretKey` of a PushSecret's `match`.
 */
const SECRET_SYNC_GROUPS = new Set(['external-secrets.io', 'generators.external-secrets.io']);
function keyNamingFields(object: { readonly apiVersion?: unknown }): ReadonlySet<string> {
  const group = typeof object.apiVersion === 'string' && object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
  return SECRET_SYNC_GROUPS.has(group) ? new Set(['secretKey']) : new Set();
}

/**
 * Secrets in free text (a README): the shapes of {@link secretShapeIn}, each with the line it is on.
 */
export function secretsInText(text: string): { line: number; what: string }[] {
  // Most texts hold none: one pass over the whole text first (no shape spans two lines, so a
  // text without a match has no line with one).
  if (secretShapeIn(text) === undefined) return [];
  const out: { line: number; what: string }[] = [];
  text.split('\n').forEach((line, i) => {
    const what = secretShapeIn(line);
    if (what) out.push({ line: i + 1, what });
  });
  return out;
}

/**
 * Chart values and objects already scanned in this process and found without a plaintext secret
 * (the same values in every cluster of a fleet), up to 100,000; what holds one is scanned each time.
 */
const noSecrets = new ValidOnce(100_000);
const SCANNED_VALUES = {};
const SCANNED_OBJECTS = {};

function plaintext(input: CheckInput): Diagnostic[] {
  const { model } = input;
  const out: Diagnostic[] = [];
  const push = (c: ComponentModel | undefined, path: string, fromCluster: boolean, what = 'a credential') =>
    out.push({
      cluster: model.name,
      ...(c ? { component: c.name } : {}),
      code: 'POLICY_PLAINTEXT_SECRET',
      path,
      source: fromCluster || !c ? model.source : specSource(c.spec),
      // The value itself is never repeated: it is a secret.
      message: `holds ${what} written as plain text: it would be committed to Git and readable by anyone with the repository`,
      hint: "reference a Secret instead: the component's SecretSource field (`{ existingSecret }`, or a reference of a secret backend present in the cluster), or the chart's existingSecret-style value",
    });
  for (const c of model.components) {
    const found = noSecrets.problems(SCANNED_VALUES, c.helmValues, () => {
      const reasons: [path: string, what: string][] = [];
      walkValues(c.helmValues, 'values', (n) => {
        const what = plaintextReason(n);
        if (what) reasons.push([n.path, what]);
      });
      return reasons;
    });
    if (found.length === 0) continue;
    const fromCluster = new Set<string>();
    walkValues(c.input['helmValues'], 'values', (n) => fromCluster.add(n.path));
    for (const [path, what] of found) push(c, path, fromCluster.has(path), what);
  }
  for (const { file, object } of objectsOf(input)) {
    // A Secret's data is a credential by definition: fluxgen refers to Secrets, never writes them.
    if (object.kind === 'Secret') {
      for (const field of ['data', 'stringData']) {
        const data = object[field];
        if (!isPlainObject(data)) continue;
        for (const [key, value] of Object.entries(data)) {
          if (typeof value === 'string' && value !== '') push(componentOf(model, file), `${file}:${joinPath(field, key)}`, false);
        }
      }
      continue;
    }
    // HelmRelease values were read above, as chart values.
    const body =
      object.kind === 'HelmRelease'
        ? { ...object, metadata: undefined, spec: { ...(object['spec'] as object), values: undefined } }
        : { ...object, metadata: undefined };
    const found = noSecrets.problems(SCANNED_OBJECTS, object, () => {
      const names = keyNamingFields(object);
      const reasons: [path: string, what: string][] = [];
      walkValues(body, '', (n) => {
        if (names.has(n.key)) return;
        const what = plaintextReason(n);
        if (what) reasons.push([n.path, what]);
      });
      return reasons;
    });
    for (const [path, what] of found) push(componentOf(model, file), `${file}:${path}`, false, what);
  }
  // Last line of defence: no secret reaches a README, whatever put it there. (A secret already
  // found in values or objects would be found again in the READMEs that show them: reported once.)
  if (out.length === 0) {
    for (const [file, text] of input.texts ?? []) {
      for (const { line, what } of secretsInText(text)) push(componentOf(model, file), `${file}:${line}`, false, what);
    }
  }
  return out;
}
