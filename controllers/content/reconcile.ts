import type { ConditionInput } from '../../src/model/conditions.js'
import { notReady, ready } from '../../src/model/conditions.js'
import type { Resource } from '../../src/model/resource.js'
import type { FileContentStatus } from '../../src/model/status.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'

type ContentResource = Resource<'Secret'> | Resource<'Config'>

const REASONS = {
  'not-found': 'FileNotFound',
  outside: 'FileOutsideDirectory',
  'not-a-file': 'NotAFile',
  empty: 'EmptyContent',
  'too-large': 'ContentTooLarge',
  unreadable: 'FileUnreadable',
} as const

/**
 * Reports what a Secret's or Config's content is — its digest and size, as
 * the loader observed the file — or why it cannot be used. Shared by both
 * kinds: they differ only in name. Never sees the content itself, so it cannot
 * leak it.
 */
export function reconcileContent(
  resource: ContentResource,
  ctx: ReconcileContext,
): Outcome<FileContentStatus> {
  const what = `${resource.kind.toLowerCase()} ${resource.name}`
  const finish = (fields: Pick<FileContentStatus, 'digest' | 'size'>, condition: ConditionInput) => ({
    status: finishStatus<FileContentStatus>(resource, fields, [condition], ctx.now),
  })
  if (resource.spec.external)
    return finish({}, ready('External', `${what} is external: its content is managed outside berth`))
  const content = resource.content
  if (!content) return finish({}, notReady('NotObserved', `${what}: its file has not been read yet`))
  if ('problem' in content)
    return finish({}, notReady(REASONS[content.problem], `${what}: ${content.detail}`))
  return finish(
    { digest: content.digest, size: content.size },
    ready('Available', `${what}: ${content.size} bytes from ${resource.spec.file}`),
  )
}
