import type { Kind } from './kinds.js'
import type { SpecByKind, WrittenSpecByKind } from './spec.js'
import type { StatusByKind } from './status.js'

/** Where a document lives: the file (relative to the manifest dir) and its index in the file. */
export interface SourceRef {
  readonly file: string
  readonly doc: number
  readonly line: number
  readonly col: number
}

/**
 * One resource as the store holds it: frozen. `writtenSpec` is what the person
 * wrote (validated); `spec` is the same with the CRD's defaults applied, what
 * berth reads; `status` is the last status berth computed, or the one found in
 * the file.
 */
export interface Resource<K extends Kind = Kind> {
  readonly kind: K
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly spec: SpecByKind[K]
  /** The spec as written, without defaults: what `get -o yaml` prints, edits keep and `specDigest` digests. */
  readonly writtenSpec: WrittenSpecByKind[K]
  readonly status: StatusByKind[K] | undefined
  /** Increments whenever the spec changes; survives restarts via `status.specDigest`. */
  readonly generation: number
  readonly specDigest: string
  readonly source: SourceRef
  /**
   * What the edge found in the file a Secret or Config names (`spec.file`):
   * its digest and size, or why it cannot be read. Never the content.
   */
  readonly content?: ContentFacts
}

/** A content file as observed on disk by the loader, for the pure controllers to report. */
export type ContentFacts =
  | { readonly digest: string; readonly size: number }
  | {
      readonly problem: 'not-found' | 'outside' | 'not-a-file' | 'empty' | 'too-large' | 'unreadable'
      readonly detail: string
    }

export type AnyResource = { [K in Kind]: Resource<K> }[Kind]
