/**
 * Capabilities: what components provide and need, from which `dependsOn` is derived.
 */

/**
 * Something a component makes available to others, or needs from them. `dependsOn` between the
 * Flux Kustomizations is derived from these.
 *
 * - `crd:<group>`: the CustomResourceDefinitions of an API group (`crd:monitoring.coreos.com`)
 * - `storage-class:<name>`, `secret:<namespace>/<name>`, `configmap:<namespace>/<name>`, `namespace:<name>`
 */
export type Capability = `${'crd' | 'storage-class' | 'secret' | 'configmap' | 'namespace'}:${string}`;
