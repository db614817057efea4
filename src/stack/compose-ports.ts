/** A port in Compose's long syntax, which both syntaxes become. */
export interface ComposePort {
  target: number
  published?: number
  protocol?: string
  mode?: string
}

/**
 * Reads a port in Compose's short syntax — `80`, `8080:80`, `8080:80/udp`,
 * `127.0.0.1:8080:80`, `8000-8001:80-81` — into long-syntax ports (a range gives several).
 * A host IP is dropped: swarm services publish on every node. Returns an error message for
 * anything else.
 */
export function parseShortPort(spec: string | number): ComposePort[] | string {
  const text = String(spec).trim()
  const [address = '', protocol, extra] = text.split('/')
  if (extra !== undefined) return `invalid port ${JSON.stringify(text)}`
  const parts = address.split(':')
  if (parts.length > 3) return `invalid port ${JSON.stringify(text)} (an IPv6 host address is not supported)`
  const target = parts[parts.length - 1] as string
  const published = parts.length >= 2 ? (parts[parts.length - 2] as string) : undefined
  const targets = portRange(target)
  const publishedPorts = published === undefined || published === '' ? undefined : portRange(published)
  if (!targets || publishedPorts === null) return `invalid port ${JSON.stringify(text)}`
  if (publishedPorts && publishedPorts.length !== targets.length && publishedPorts.length !== 1)
    return `invalid port ${JSON.stringify(text)}: the published and target ranges differ in length`
  return targets.map((t, i) => ({
    target: t,
    ...(publishedPorts ? { published: (publishedPorts[i] ?? publishedPorts[0]) as number } : {}),
    ...(protocol ? { protocol } : {}),
  }))
}

/** `80` or `8000-8010` as the list of ports; null when it is neither. */
function portRange(text: string): number[] | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text)
  if (!match) return null
  const from = Number(match[1])
  const to = match[2] === undefined ? from : Number(match[2])
  if (from < 1 || to > 65535 || to < from || to - from > 1000) return null
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
