/**
 * Docker image references as plugin names, the way `docker plugin install` stores them
 * (distribution/reference: `FamiliarString(TagNameOnly(ParseNormalizedNamed(ref)))`) and the
 * way Swarm's plugin filter compares them. Case is never changed: Docker rejects upper-case
 * repositories rather than folding them, and tags are case-sensitive.
 */

interface ParsedReference {
  /** The familiar repository: no `docker.io/`, no `library/` for official images. */
  repository: string
  tag?: string
  digest?: string
}

const DEFAULT_DOMAINS = new Set(['docker.io', 'index.docker.io'])
const OFFICIAL_PREFIX = 'library/'

/**
 * Whether the first path component names a registry rather than a Docker Hub namespace
 * (distribution/reference `splitDockerDomain`): it has a `.` or a `:` port, is `localhost`,
 * or contains upper case (which a Hub namespace cannot).
 */
function isDomain(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost' || component.toLowerCase() !== component
}

/** Drops Docker Hub's implicit domain and the `library/` namespace of official images. */
function familiarRepository(name: string): string {
  const slash = name.indexOf('/')
  if (slash === -1) return name
  const first = name.slice(0, slash)
  if (isDomain(first) && !DEFAULT_DOMAINS.has(first)) return name
  const path = isDomain(first) ? name.slice(slash + 1) : name
  if (path.startsWith(OFFICIAL_PREFIX)) {
    const rest = path.slice(OFFICIAL_PREFIX.length)
    if (!rest.includes('/')) return rest
  }
  return path
}

/** Splits `[domain/]path[:tag][@digest]`; a `:` before the last `/` is a registry port, not a tag. */
function parseReference(ref: string): ParsedReference {
  const at = ref.indexOf('@')
  const named = at === -1 ? ref : ref.slice(0, at)
  const digest = at === -1 ? undefined : ref.slice(at + 1)
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1)
  const name = colon === -1 ? named : named.slice(0, colon)
  const parsed: ParsedReference = { repository: familiarRepository(name) }
  if (colon !== -1) parsed.tag = named.slice(colon + 1)
  if (digest !== undefined) parsed.digest = digest
  return parsed
}

/**
 * The name Docker gives a plugin installed from `ref`: familiar form, with `:latest` added
 * when the reference has neither tag nor digest.
 * `vieux/sshfs` → `vieux/sshfs:latest`; `docker.io/library/foo` → `foo:latest`;
 * `localhost:5000/foo` → `localhost:5000/foo:latest`; `foo@sha256:…` is kept as is.
 */
export function normalizePluginName(ref: string): string {
  const { repository, tag, digest } = parseReference(ref.trim())
  const tagged = tag === undefined && digest === undefined ? 'latest' : tag
  return repository + (tagged === undefined ? '' : `:${tagged}`) + (digest === undefined ? '' : `@${digest}`)
}

/** A Plugin's name: its alias when given (`--alias`), else its remote, both normalised. */
export function pluginName(spec: { remote: string; alias?: string }): string {
  return normalizePluginName(spec.alias ?? spec.remote)
}

/**
 * Whether a requested driver name matches an installed plugin's name, as Swarm's plugin filter
 * decides: equal, or the installed name is the requested one plus `:latest`. Both sides are
 * normalised first, so `docker.io/` spellings match too; `name:1.0` matches only `name:1.0`.
 */
export function referenceMatches(requested: string, installedName: string): boolean {
  return normalizePluginName(requested) === normalizePluginName(installedName)
}

/** The familiar repository of a reference, without tag or digest: the catalog's lookup key. */
export function repositoryOf(ref: string): string {
  return parseReference(ref.trim()).repository
}
