import path from 'node:path'
import type { Diagnostic } from '../model/diagnostic.js'
import type { AnyResource } from '../model/resource.js'
import type { DocumentData } from './to-resource.js'

/**
 * Where a Secret's or Config's `spec.file` points, relative to the manifest
 * directory (forward slashes): it is written relative to the manifest's own
 * file, and must stay inside the directory. Pure path arithmetic; symlinks are
 * judged when the file is read.
 */
function contentPath(manifestFile: string, file: string): { path: string } | { error: string } {
  if (path.posix.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file))
    return { error: 'must be relative to this manifest, not an absolute path' }
  const joined = path.posix.normalize(
    path.posix.join(path.posix.dirname(manifestFile), file.replace(/\\/g, '/')),
  )
  if (joined === '..' || joined.startsWith('../'))
    return { error: `${file} resolves outside the manifest directory; content files must stay inside it` }
  return { path: joined }
}

/** A content path that leaves the manifest directory is bad input: `file:line:col`, like any other. */
export function contentPathDiagnostics(
  file: string,
  resource: AnyResource,
  parsed: DocumentData,
  lineOf: (offset: number) => { line: number; col: number },
): Diagnostic[] {
  if (resource.kind !== 'Secret' && resource.kind !== 'Config') return []
  const target = resource.spec.file
  if (target === undefined) return []
  const resolved = contentPath(file, target)
  if ('path' in resolved) return []
  const at = lineOf(parsed.locate(['spec', 'file']))
  return [{ file, ...at, code: 'schema', message: `spec.file: ${resolved.error}` }]
}

/** The content file a Secret or Config reads, relative to the manifest directory; undefined otherwise. */
export function contentFileOf(resource: AnyResource): string | undefined {
  if (resource.kind !== 'Secret' && resource.kind !== 'Config') return undefined
  if (resource.spec.external || resource.spec.file === undefined) return undefined
  const resolved = contentPath(resource.source.file, resource.spec.file)
  return 'path' in resolved ? resolved.path : undefined
}

/**
 * Every content file the given resources read. Such a file is content, not a
 * manifest, even when it is named `*.yaml` (a Prometheus config, say): the
 * loader leaves it out, so it is neither parsed as a manifest nor quoted in an error.
 */
export function contentFiles(resources: Iterable<AnyResource>): Set<string> {
  const out = new Set<string>()
  for (const r of resources) {
    const file = contentFileOf(r)
    if (file !== undefined) out.add(file)
  }
  return out
}
