/**
 * A problem found in user input. Never thrown: collected and reported as
 * `file:line:col: message`. Lines and columns are 1-based.
 */
export interface Diagnostic {
  readonly file: string
  readonly line: number
  readonly col: number
  /** Stable machine-readable code, e.g. `yaml-syntax`, `schema`, `duplicate`. */
  readonly code: DiagnosticCode
  readonly message: string
}

export type DiagnosticCode =
  | 'yaml-syntax'
  | 'yaml-alias'
  | 'file-too-large'
  | 'binary-file'
  | 'not-utf8'
  | 'symlink-escape'
  | 'unreadable'
  | 'not-a-mapping'
  | 'unknown-api-version'
  | 'unknown-kind'
  | 'schema'
  | 'invalid-name'
  | 'duplicate'
  /** A warning: a status berth did not write for this resource, replaced (never refused). */
  | 'foreign-status'
  /** A compose file that `berth stack deploy` cannot convert. */
  | 'compose'

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}`
}

/** Orders diagnostics by file, then position, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.line - b.line || a.col - b.col
}
