import path from 'node:path'
import { STACK_LABEL } from './names.js'

/**
 * A Secret's or Config's content that lies outside the manifest directory is copied into the
 * stack's folder, beside the manifest `stack deploy` writes for it, as `docker stack deploy`
 * copies it into the cluster store: secrets readable by their owner only, configs by all.
 */
export const CONTENT_COPY = {
  Secret: { folder: 'secrets', ext: 'secret', mode: 0o600 },
  Config: { folder: 'configs', ext: 'config', mode: 0o644 },
} as const

export type ContentKind = keyof typeof CONTENT_COPY

/** Written beside secret copies, so that they do not land in git by accident. */
export const SECRETS_GITIGNORE = '*.secret\n'

/** `stacks/demo/secrets/demo_db_password.secret`, relative to the manifest directory (forward slashes). */
export function contentCopyFile(stack: string, kind: ContentKind, name: string): string {
  const { folder, ext } = CONTENT_COPY[kind]
  return path.posix.join('stacks', stack, folder, `${name}.${ext}`)
}

/**
 * The copy a resource already in the tree reads, when it reads the one `stack deploy` made
 * for it (its `spec.file` leads to its stack's copy path); undefined for any other file, so a
 * person's own content file is never taken for a copy.
 */
export function ownCopy(resource: {
  readonly kind: string
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly spec: unknown
  readonly file: string
}): string | undefined {
  if (resource.kind !== 'Secret' && resource.kind !== 'Config') return undefined
  const stack = resource.labels[STACK_LABEL]
  const spec = resource.spec as { file?: unknown } | undefined
  if (stack === undefined || typeof spec?.file !== 'string') return undefined
  const manifestFolder = path.posix.dirname(resource.file.split(path.sep).join('/'))
  const reads = path.posix.normalize(path.posix.join(manifestFolder, spec.file))
  const copy = contentCopyFile(stack, resource.kind, resource.name)
  return reads === copy ? copy : undefined
}

/** True when the bytes of a copy already on disk are the ones to write. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.compare(a, b) === 0
}
