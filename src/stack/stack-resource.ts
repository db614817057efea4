import type { Kind } from '../model/kinds.js'
import type { ComposePath } from './compose-path.js'

/** One Berth resource a stack deploys, before it is written. */
export interface StackResource {
  readonly kind: Kind
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly spec: Readonly<Record<string, unknown>>
  /**
   * A Secret's or Config's content file, absolute. `spec.file` is written relative to the
   * manifest that names it, so it is filled in only once the manifest's folder is known.
   */
  readonly contentFile?: string
  /** Where in the compose files it was defined (the service key, the network key, …). */
  readonly path: ComposePath
}

/** A problem found while converting, at a path of the merged compose data. */
export interface ConvertIssue {
  readonly path: ComposePath
  readonly message: string
}
