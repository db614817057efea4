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
  /**
   * The content's bytes, when the file lies outside the manifest directory: the deploy
   * copies them into the stack's folder and `spec.file` names the copy. Never printed.
   */
  readonly contentCopy?: Uint8Array
  /** Where in the compose files it was defined (the service key, the network key, …). */
  readonly path: ComposePath
}

/** A problem found while converting, at a path of the merged compose data. */
export interface ConvertIssue {
  readonly path: ComposePath
  readonly message: string
}

/**
 * How a deploy uses a content file (absolute path): referenced where it is (`'in-place'`,
 * it lies inside the manifest directory), copied (its bytes), or why it cannot be copied.
 */
export type ContentReader = (
  file: string,
  kind: 'Secret' | 'Config',
) => 'in-place' | { readonly bytes: Uint8Array } | { readonly problem: string }
