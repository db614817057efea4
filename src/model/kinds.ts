/** The kinds of resource berth reads, in dependency order (Secret and Config: files services use). */
export const KINDS = ['Plugin', 'Node', 'Volume', 'Network', 'Secret', 'Config', 'Service'] as const
export type Kind = (typeof KINDS)[number]

export const API_VERSION = 'berth.dev/v1'
export const GROUP = 'berth.dev'

/** `Kind/name`, the key of a resource in the store. */
export type ResourceKey = `${Kind}/${string}`

export function resourceKey(kind: Kind, name: string): ResourceKey {
  return `${kind}/${name}`
}

export function splitKey(key: ResourceKey): { kind: Kind; name: string } {
  const slash = key.indexOf('/')
  return { kind: key.slice(0, slash) as Kind, name: key.slice(slash + 1) }
}

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value)
}

/** `metadata.name`: unique per kind. */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/
