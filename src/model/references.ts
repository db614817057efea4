import type { FileReference, PortSpec, ServiceSpec } from './spec.js'
import type { PublishedPort } from './status.js'

/** The two kinds a service takes files from, and the spec field that names them. */
export const CONTENT_FIELDS = [
  { kind: 'Secret', field: 'secrets' },
  { kind: 'Config', field: 'configs' },
] as const

export type ContentKind = (typeof CONTENT_FIELDS)[number]['kind']

/** A reference in its long form: the short syntax `db-password` is `{source: db-password}`. */
export function longReference(ref: FileReference): { source: string; target?: string } {
  return typeof ref === 'string' ? { source: ref } : ref
}

/** The names of the Secrets or Configs a service uses, sorted, each once. */
export function referencedNames(spec: ServiceSpec, kind: ContentKind): string[] {
  const refs = (kind === 'Secret' ? spec.secrets : spec.configs) ?? []
  return [...new Set(refs.map((r) => longReference(r).source))].sort()
}

/** A port with Docker's defaults applied: tcp, ingress. */
export function withPortDefaults(port: PortSpec): Omit<PublishedPort, 'published'> & { published?: number } {
  return {
    protocol: port.protocol ?? 'tcp',
    target: port.target,
    ...(port.published !== undefined ? { published: port.published } : {}),
    mode: port.mode ?? 'ingress',
  }
}

/** The ports a service publishes on a fixed port number, defaults applied, in the order written. */
export function publishedPorts(spec: Pick<ServiceSpec, 'ports'>): PublishedPort[] {
  return (spec.ports ?? []).flatMap((p) => {
    const port = withPortDefaults(p)
    return port.published === undefined ? [] : [port as PublishedPort]
  })
}

/** `8080/tcp`: how a published port is keyed and named. */
export function portKey(port: { published: number; protocol: string }): string {
  return `${port.published}/${port.protocol}`
}
