import type { PublishedPort } from '../../model/status.js'

/**
 * `docker service ls` PORTS: the ingress ports a service holds, `*:8080->80/tcp`,
 * consecutive ones folded into a range as Docker does (`*:8080-8081->80-81/tcp`).
 */
export function ingressPortsColumn(ports: readonly PublishedPort[] | undefined): string {
  const out: string[] = []
  let run: { protocol: string; p0: number; p1: number; t0: number; t1: number } | undefined
  const flush = () => {
    if (!run) return
    const published = run.p0 === run.p1 ? `${run.p0}` : `${run.p0}-${run.p1}`
    const target = run.t0 === run.t1 ? `${run.t0}` : `${run.t0}-${run.t1}`
    out.push(`*:${published}->${target}/${run.protocol}`)
    run = undefined
  }
  for (const p of ports ?? []) {
    if (p.mode !== 'ingress') continue
    if (run && run.protocol === p.protocol && p.published === run.p1 + 1 && p.target === run.t1 + 1) {
      run.p1 = p.published
      run.t1 = p.target
      continue
    }
    flush()
    run = { protocol: p.protocol, p0: p.published, p1: p.published, t0: p.target, t1: p.target }
  }
  flush()
  return out.join(', ')
}

/**
 * `docker service ps` PORTS: a running task's host-mode ports, `*:8080->80/tcp`: those its
 * line records (its own template's), the target read from the service's ports; a line with
 * no template predates the record and shows the service's. A port the spec no longer
 * publishes (an older task mid-update) shows without its target, `*:8080/tcp`.
 */
export function hostPortsColumn(
  ports: readonly PublishedPort[] | undefined,
  taskPorts?: readonly string[],
  template?: string,
): string {
  const host = (ports ?? []).filter((p) => p.mode === 'host')
  const shown = (p: PublishedPort) => `*:${p.published}->${p.target}/${p.protocol}`
  if (template === undefined) return host.map(shown).join(', ')
  return (taskPorts ?? [])
    .map((key) => {
      const port = host.find((p) => `${p.published}/${p.protocol}` === key)
      return port ? shown(port) : `*:${key}`
    })
    .join(', ')
}
