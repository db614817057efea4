import { API_VERSION } from '../../model/kinds.js'
import type { AnyResource } from '../../model/resource.js'

/** A resource as a manifest document: what `get -o yaml|json` prints. */
export interface ManifestObject {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string> }
  spec: unknown
  status?: unknown
}

/** The resource as the person wrote it (no defaults), plus the status berth last wrote. Labels only when set. */
export function toManifestObject(resource: AnyResource): ManifestObject {
  const labels = Object.keys(resource.labels).length > 0 ? { labels: { ...resource.labels } } : {}
  return {
    apiVersion: API_VERSION,
    kind: resource.kind,
    metadata: { name: resource.name, ...labels },
    spec: resource.writtenSpec,
    ...(resource.status === undefined ? {} : { status: resource.status }),
  }
}
