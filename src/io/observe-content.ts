import { contentFileOf } from '../load/content-path.js'
import type { AnyResource } from '../model/resource.js'
import { MAX_CONTENT_BYTES, readContentFacts } from './read-content.js'

/**
 * The edge where a Secret's or Config's content is looked at: returns the
 * resource with `content` (digest and size, or the problem) so the pure
 * controllers can report it. Other resources, and external content, come back
 * as they are. `root` is the manifest directory.
 */
export function observeContent(resource: AnyResource, root: string): AnyResource {
  const rel = contentFileOf(resource)
  if (rel === undefined) return resource
  const max = MAX_CONTENT_BYTES[resource.kind as 'Secret' | 'Config']
  return { ...resource, content: readContentFacts(root, rel, max) } as AnyResource
}
