import type { Document, LineCounter } from 'yaml'
import { isScalar, visit } from 'yaml'
import { decodeManifest, MAX_FILE_BYTES } from '../io/read-file.js'
import { locatePath } from '../load/locate.js'
import { parseDocuments } from '../load/parse-documents.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { MAX_ALIAS_COUNT } from '../yamledit/alias-limit.js'
import { castInterpolated } from './cast-paths.js'
import { type ComposePath, showPath } from './compose-path.js'
import { validateCompose } from './compose-schema.js'
import { type InterpolationError, interpolateTree, type Lookup } from './interpolate.js'

/** One compose file, parsed, interpolated and valid against the Compose Specification. */
export interface ComposeFile {
  /** The name messages use: the path as given on the command line. */
  readonly name: string
  readonly data: Record<string, unknown>
  readonly doc: Document.Parsed
  readonly lineCounter: LineCounter
}

export type ComposeRead = { readonly file: ComposeFile } | { readonly diagnostics: readonly Diagnostic[] }

/**
 * Reads one compose file as `docker stack deploy` does: YAML (one document, a mapping; an
 * alias bomb, a binary or oversized file refused), variables substituted, then checked
 * against the Compose Specification's schema. Every problem is a diagnostic at its
 * `file:line:col`.
 */
export function readCompose(name: string, bytes: Uint8Array, lookup: Lookup): ComposeRead {
  const at = (line: number, col: number, message: string, code: Diagnostic['code'] = 'compose') => ({
    diagnostics: [{ file: name, line, col, code, message }],
  })
  if (bytes.length > MAX_FILE_BYTES)
    return at(1, 1, `file is ${bytes.length} bytes; compose files over 1 MiB are refused`, 'file-too-large')
  const decoded = decodeManifest(name, bytes)
  if (!('text' in decoded)) return { diagnostics: decoded.diagnostic ? [decoded.diagnostic] : [] }
  const parsed = parseDocuments(name, decoded.text)
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics }
  const [first, second] = parsed.documents
  if (second)
    return at(second.line, second.col, 'a compose file holds one YAML document; give more files with -c')
  if (!first) return at(1, 1, 'the compose file is empty')
  const { doc } = first
  const position = (path: ComposePath) => parsed.lineCounter.linePos(locatePath(doc, path))
  readOctalAsDocker(doc)
  const raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return at(
      first.line,
      first.col,
      'the top level of a compose file must be a mapping (services, networks, volumes, …)',
    )
  const errors: InterpolationError[] = []
  const data = interpolateTree(raw, lookup, castInterpolated, errors) as Record<string, unknown>
  const issues =
    errors.length > 0
      ? errors
      : validateCompose(data).map((i) => ({ path: i.path, message: withPath(i.path, i.message) }))
  if (issues.length > 0) {
    const diagnostics = issues.map((i) => ({
      file: name,
      ...position(i.path),
      code: 'schema' as const,
      message: i.message,
    }))
    return { diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.col - b.col) }
  }
  return { file: { name, data, doc, lineCounter: parsed.lineCounter } }
}

function withPath(path: ComposePath, message: string): string {
  return path.length === 0 ? message : `${showPath(path)}: ${message}`
}

/**
 * Docker's YAML reader takes `0440` as octal (file modes are written that way); YAML 1.2,
 * which `yaml` follows, reads it as decimal 440. Read such plain scalars as Docker does.
 */
function readOctalAsDocker(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'number' && /^[+-]?0[0-7]+$/.test(node.source ?? '')) {
        node.value = Number.parseInt(node.source as string, 8)
      }
    },
  })
}
