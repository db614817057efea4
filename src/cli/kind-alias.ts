import type { Kind } from '../model/kinds.js'
import { KINDS } from '../model/kinds.js'
import { CliError } from './app.js'

/** How a kind is named on the command line: kubectl's singular, plural and short forms. */
export interface KindNames {
  readonly kind: Kind
  readonly singular: string
  readonly plural: string
  readonly short: string
}

/** Every kind's names, in the order `berth get` lists them in help and errors. */
export const KIND_NAMES: readonly KindNames[] = [
  { kind: 'Service', singular: 'service', plural: 'services', short: 'svc' },
  { kind: 'Node', singular: 'node', plural: 'nodes', short: 'no' },
  { kind: 'Plugin', singular: 'plugin', plural: 'plugins', short: 'pl' },
  { kind: 'Volume', singular: 'volume', plural: 'volumes', short: 'vol' },
  { kind: 'Network', singular: 'network', plural: 'networks', short: 'net' },
]

const BY_ALIAS = new Map<string, Kind>(
  KIND_NAMES.flatMap((n) => [n.singular, n.plural, n.short].map((alias) => [alias, n.kind] as const)),
)

/** The kind a command-line word names (`svc`, `Services`, `node`…), case-insensitively; undefined when none. */
export function resolveKind(word: string): Kind | undefined {
  return BY_ALIAS.get(word.toLowerCase())
}

/** The names of a kind: `{ singular: 'service', plural: 'services', short: 'svc' }`. */
export function kindNames(kind: Kind): KindNames {
  return KIND_NAMES.find((n) => n.kind === kind) ?? { kind, singular: kind, plural: kind, short: kind }
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

// Keep the table complete: every kind must have names.
for (const kind of KINDS)
  if (!KIND_NAMES.some((n) => n.kind === kind)) throw new Error(`kind-alias: no names for ${kind}`)
