import type { PortSpec, ServiceSpec } from './spec.js'
import type { PublishedPort } from './status.js'

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
