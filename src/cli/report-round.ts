import type { CommitResult } from '../engine/commit-writes.js'
import type { OnceResult } from '../engine/reconcile-once.js'
import { type ResourceKey, splitKey } from '../model/kinds.js'
import type { PassReport } from '../runtime/manager.js'
import type { App } from './app.js'

/** What `berth plan` commits: nothing. */
export const NOTHING_COMMITTED: CommitResult = { written: [], conflicts: [], failed: [] }

/**
 * Reports on stderr what a one-shot round left undone, each line at the place it is about,
 * as diagnostics are (`file:line:col: error: …`, the file relative to the working directory):
 * a resource at its `metadata.name`; a file whose status could not be written at the name of
 * the first resource whose status was to change. Returns whether anything failed (exit 1);
 * a resource that did not settle is a warning. `berth plan` reports the same round, with
 * nothing committed and a status that cannot be written as a warning (it writes nothing).
 */
export function reportRound(
  app: App,
  dir: string,
  result: OnceResult & { readonly report: PassReport },
  commit: CommitResult,
  options: { readonly unwritable?: 'error' | 'warning' } = {},
): boolean {
  const { err } = app.io
  const { red, yellow } = app.style
  const { report, store, tree } = result
  /** Where `Kind/name` is written, or nothing for a resource no file holds (any more). */
  const atResource = (key: string): string => {
    const { kind, name } = splitKey(key as ResourceKey)
    const source = store.get(kind, name)?.source
    return source ? `${app.shown(dir, source.file)}:${source.line}:${source.col}: ` : ''
  }
  const changedIn = new Map([...result.writes, ...result.unwritable].map((w) => [w.path, w.changed]))
  /** Where a file's status goes: the first resource whose status was to change, else the file's first. */
  const atFile = (file: string): string => {
    const first = changedIn.get(file)?.[0]
    const at = first ? atResource(first) : ''
    if (at) return at
    const source = tree.files.find((f) => f.path === file)?.resources[0]?.source
    return `${app.shown(dir, file)}:${source ? `${source.line}:${source.col}` : '1:1'}: `
  }
  app.reportDiagnostics(
    dir,
    tree.warnings.map((w) => ({ ...w, message: `${yellow('warning')}: ${w.message}` })),
  )
  const unwritable = options.unwritable === 'warning' ? yellow('warning') : red('error')
  for (const f of result.unwritable)
    err(`${atFile(f.path)}${unwritable}: cannot write status: ${f.message}\n`)
  for (const f of commit.failed) err(`${atFile(f.path)}${red('error')}: cannot write status: ${f.message}\n`)
  for (const f of commit.conflicts)
    err(`${atFile(f)}${yellow('warning')}: changed while berth was writing; not overwritten\n`)
  for (const [key, error] of report.failed)
    err(`${atResource(key)}${red('error')}: reconcile ${key}: ${error.message}\n`)
  for (const key of report.stalled)
    err(`${atResource(key)}${yellow('warning')}: ${key} did not settle; stopped after repeated changes\n`)
  return (
    commit.failed.length > 0 ||
    result.unwritable.length > 0 ||
    commit.conflicts.length > 0 ||
    report.failed.size > 0
  )
}
