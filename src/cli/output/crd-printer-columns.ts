import type { Kind } from '../../model/kinds.js'
import { getIn, isRecord } from '../../validate/access.js'
import { defaultCrdDir, loadCrdVersions } from '../../validate/crd-files.js'

/** One `additionalPrinterColumns` entry of a CRD's v1 version. */
export interface PrinterColumn {
  readonly name: string
  readonly type: string
  readonly jsonPath: string
  /** 0: always shown; above 0: only with `-o wide` (Kubernetes' rule). */
  readonly priority: number
}

/** What `get` reads from a kind's CRD: its printer columns and its v1 schema (for defaults). */
export interface CrdView {
  readonly columns: readonly PrinterColumn[]
  readonly schema: unknown
}

let cache: Map<Kind, CrdView> | undefined

/** The printer columns and schema of a kind, read once from the package's `crds/`. */
export function crdView(kind: Kind, dir: string = defaultCrdDir()): CrdView {
  cache ??= readCrdViews(dir)
  return cache.get(kind) ?? { columns: [], schema: undefined }
}

function readCrdViews(dir: string): Map<Kind, CrdView> {
  const views = new Map<Kind, CrdView>()
  for (const [kind, v1] of loadCrdVersions(dir)) {
    const raw = Array.isArray(v1.additionalPrinterColumns) ? v1.additionalPrinterColumns : []
    const columns = raw.filter(isRecord).map((c) => ({
      name: String(c.name ?? ''),
      type: String(c.type ?? 'string'),
      jsonPath: String(c.jsonPath ?? ''),
      priority: typeof c.priority === 'number' ? c.priority : 0,
    }))
    views.set(kind, { columns, schema: getIn(v1, ['schema', 'openAPIV3Schema']) })
  }
  return views
}
