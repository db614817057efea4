import {
  CONTENT_FIELDS,
  type ContentKind,
  longReference,
  referencedNames,
} from '../../src/model/references.js'
import type { ServiceSpec } from '../../src/model/spec.js'
import type { View } from '../../src/view/view.js'
import type { Blocker } from './demand.js'

/**
 * The first Secret or Config the service names that does not exist or is not
 * ready: its tasks cannot start without the file, so they wait, saying which.
 */
export function contentBlocker(spec: ServiceSpec, view: View): Blocker | undefined {
  for (const { kind } of CONTENT_FIELDS) {
    const word = kind.toLowerCase()
    for (const name of referencedNames(spec, kind)) {
      const resource = view.get(kind, name)
      if (!resource)
        return {
          reason: `${kind}NotFound`,
          message: `${word} ${name} not found`,
          field: fieldOf(spec, kind, name),
        }
      const ready = resource.status?.conditions?.find((c) => c.type === 'Ready')
      if (ready?.status !== 'True') {
        const why = ready ? `: ${ready.message}` : ''
        const message = `${word} ${name} is not ready${why}`
        return { reason: `${kind}NotReady`, message, field: fieldOf(spec, kind, name) }
      }
    }
  }
  return undefined
}

/** The first item of `spec.secrets` (or `configs`) that names `name`. */
function fieldOf(spec: ServiceSpec, kind: ContentKind, name: string): (string | number)[] {
  const key = kind === 'Secret' ? 'secrets' : 'configs'
  const index = (spec[key] ?? []).findIndex((r) => longReference(r).source === name)
  return ['spec', key, index]
}

/**
 * The content digests of the Secrets and Configs a service uses, sorted: the
 * `inputs` of its task template's digest, so a content change rolls exactly
 * the services that use that content. External content has no digest and
 * contributes nothing; one not yet observed contributes nothing either (the
 * service is blocked on it meanwhile).
 */
export function contentInputs(spec: ServiceSpec, view: Pick<View, 'get'>): string[] {
  const digests: string[] = []
  for (const { kind } of CONTENT_FIELDS) {
    for (const name of referencedNames(spec, kind)) {
      const digest = view.get(kind, name)?.status?.digest
      if (digest) digests.push(digest)
    }
  }
  return digests.sort()
}
