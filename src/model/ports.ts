import type { ServiceSpec } from './spec.js'
import type { PublishedPort } from './status.js'

/** The ports a service publishes on a fixed port number, in the order written. */
export function publishedPorts(spec: Pick<ServiceSpec, 'ports'>): PublishedPort[] {
  return (spec.ports ?? []).flatMap((p) =>
    p.published === undefined
      ? []
      : [{ protocol: p.protocol, target: p.target, published: p.published, mode: p.mode }],
  )
}

/** `8080/tcp`: how a published port is keyed and named. */
export function portKey(port: { published: number; protocol: string }): string {
  return `${port.published}/${port.protocol}`
}
