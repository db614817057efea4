import type { Kind } from '../model/kinds.js'
import { CliError } from './app.js'

/** How a kind is named on the command line: kubectl's singular, plural and short forms. */
export interface KindNames {
  readonly kind: Kind
  readonly singular: string
  readonly plural: string
  readonly short: string
}

/** Every kind's names; a `Record` over `Kind`, so a new kind cannot be forgotten here. */
const NAMES: Record<Kind, Omit<KindNames, 'kind'>> = {
  Service: { singular: 'service', plural: 'services', short: 'svc' },
  Node: { singular: 'node', plural: 'nodes', short: 'no' },
  Plugin: { singular: 'plugin', plural: 'plugins', short: 'pl' },
  Volume: { singular: 'volume', plural: 'volumes', short: 'vol' },
  Network: { singular: 'network', plural: 'networks', short: 'net' },
  Secret: { singular: 'secret', plural: 'secrets', short: 'secret' },
  Config: { singular: 'config', plural: 'configs', short: 'config' },
}

/** Every kind's names, in the order `berth get` lists them in help and errors. */
export const KIND_NAMES: readonly KindNames[] = (
  ['Service', 'Node', 'Plugin', 'Volume', 'Network', 'Secret', 'Config'] as const
).map((kind) => ({ kind, ...NAMES[kind] }))

const BY_ALIAS = new Map<string, Kind>(
  KIND_NAMES.flatMap((n) => [n.singular, n.plural, n.short].map((alias) => [alias, n.kind] as const)),
)

/** The kind a command-line word names (`svc`, `Services`, `node`…), case-insensitively; undefined when none. */
export function resolveKind(word: string): Kind | undefined {
  return BY_ALIAS.get(word.toLowerCase())
}

/** The names of a kind: `{ singular: 'service', plural: 'services', short: 'svc' }`. */
export function kindNames(kind: Kind): KindNames {
  return { kind, ...NAMES[kind] }
}

/** `service (services, svc), node (nodes, no), …`: what a usage error lists. */
export function validKindsText(): string {
  return KIND_NAMES.map((n) => `${n.singular} (${n.plural}, ${n.short})`).join(', ')
}

/** Like `resolveKind`, but an unknown word is a usage error (exit 2) listing the valid kinds. */
export function parseKind(word: string): Kind {
  const kind = resolveKind(word)
  if (!kind) throw new CliError(`unknown resource type "${word}"; valid types: ${validKindsText()}`, 2)
  return kind
}

/** kubectl's not-found line: `Error from server (NotFound): services "x" not found`. */
export function notFoundMessage(kind: Kind, name: string): string {
  return `Error from server (NotFound): ${kindNames(kind).plural} "${name}" not found`
}
