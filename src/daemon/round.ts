import path from 'node:path'
import type { CommitResult } from '../engine/commit-writes.js'
import { commitWrites } from '../engine/commit-writes.js'
import type { Engine } from '../engine/engine.js'
import { planWrites } from '../engine/plan-writes.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { formatDiagnostic } from '../model/diagnostic.js'
import type { ContentFiles } from './content-files.js'
import type { HoldLog } from './hold-log.js'
import type { Logger } from './logger.js'
import type { Work } from './machine.js'
import type { DaemonObserver } from './observer.js'
import { createPlaces } from './places.js'
import { readChanges, rescanPaths } from './read-changes.js'
import type { TreeState } from './tree-state.js'

/** A file's new text, or undefined when it is gone. */
export type FileChange = { path: string; text: string | undefined }

export interface RoundContext {
  readonly dir: string
  /** `dir` with its links resolved: a link leading out of it is refused. */
  readonly realRoot: string
  readonly log: Logger
  readonly engine: Engine
  readonly tree: TreeState
  readonly contents: ContentFiles
  readonly holds: HoldLog
  readonly observer: DaemonObserver
  /** Told what the writes of a settle did (the state machine decides what is owed again). */
  readonly wrote: (commit: CommitResult) => void
}

export interface Rounds {
  /** Applies new file contents to the desired state and reports what is wrong with them. */
  applyFiles(changes: readonly FileChange[], problems: readonly Diagnostic[]): { files: readonly string[] }
  /** Reads what `work` names, applies it, reconciles and writes. */
  round(work: Work): Promise<Settled>
  /** Reconciles what is queued and writes the statuses that changed. */
  settle(changedFiles: readonly string[]): Promise<Settled>
}

/** What a settle did. */
export interface Settled {
  /** The files written. */
  readonly written: readonly string[]
  /**
   * Every key reconciled to its fixed point and every status owed written: nothing failed,
   * stalled or was held back, and no write was refused or met a person's edit.
   */
  readonly clean: boolean
}

/** The I/O of the daemon's rounds: read the files, apply them, reconcile, write status. */
export function createRounds(ctx: RoundContext): Rounds {
  const { dir, log, tree, contents, holds } = ctx
  const { store, manager } = ctx.engine
  const places = createPlaces(dir, store, tree)
  const say = (level: 'error' | 'warn', diagnostics: readonly Diagnostic[]) => {
    for (const d of diagnostics)
      log[level](formatDiagnostic({ ...d, file: path.join(dir, d.file) }), { code: d.code })
  }

  /**
   * A `*.yaml` file a Secret or Config reads is content, not a manifest (as for `loadTree`):
   * it is taken out again and nothing it caused is reported, so its bytes are never quoted.
   */
  const applyFiles = (changes: readonly FileChange[], problems: readonly Diagnostic[]) => {
    const owned = new Set(changes.map((c) => c.path).filter((p) => contents.changed(p)))
    const manifest = (d: Diagnostic) => !owned.has(d.file) && !contents.changed(d.file)
    say('error', problems.filter(manifest))
    const update = tree.update(changes, problems.filter(manifest))
    if (owned.size > 0) tree.update([...owned].map((p) => ({ path: p, text: undefined })))
    say('error', update.diagnostics.filter(manifest))
    say('warn', update.warnings.filter(manifest))
    holds.duplicated()
    // A file that loads at last releases what it held: look at everything again.
    if (holds.files()) manager.enqueueAll()
    return update
  }

  const settle = async (changedFiles: readonly string[]) => {
    const pass = await manager.runToFixedPoint()
    for (const [key, error] of pass.failed)
      log.error(`${places.ofKey(key)}reconcile ${key} failed: ${error.message}`, { key })
    for (const key of pass.stalled)
      log.warn(`${places.ofKey(key)}${key} did not settle; stopped after repeated changes`, { key })
    holds.keys(pass.held)
    const candidates = new Set(changedFiles)
    for (const key of pass.changed) {
      const file = tree.fileOf(key)
      if (file) candidates.add(file)
    }
    const files = [...candidates].sort().flatMap((p) => tree.writable(p) ?? [])
    const { writes, unwritable } = planWrites(files, store)
    for (const u of unwritable) log.error(`${places.ofFile(u.path)}: cannot write status: ${u.message}`)
    // How each file loads once written, from what was spliced in (before the commit: the store may move on).
    const spliced = new Map(
      writes.map((w) => [w.path, { text: w.after, loaded: tree.spliced(w.path, w.after) }]),
    )
    const commit = await commitWrites(dir, writes)
    for (const f of commit.written) {
      const write = spliced.get(f)
      if (write) tree.wrote(f, write.text, write.loaded)
    }
    ctx.wrote(commit)
    const refused = commit.conflicts.length + commit.failed.length + unwritable.length
    ctx.observer.wrote?.({
      written: commit.written.length,
      conflicts: commit.conflicts.length,
      failed: commit.failed.length + unwritable.length,
    })
    const clean = pass.failed.size === 0 && pass.stalled.length === 0 && pass.held.size === 0 && refused === 0
    return { written: commit.written, clean }
  }

  return {
    applyFiles,
    settle,
    async round(work) {
      const paths = new Set(work.paths)
      if (work.rescan) for (const p of await rescanPaths(dir, tree)) paths.add(p)
      const { changes, problems } = await readChanges(dir, ctx.realRoot, tree, [...paths])
      const update = applyFiles(changes, problems)
      contents.reobserve(work.rescan)
      // Files re-read with unchanged content are candidates too: a write that met a conflict is
      // still owed when the file went back to the bytes berth last saw (an undo, a checkout back).
      return settle([...new Set([...update.files, ...changes.map((c) => c.path)])])
    },
  }
}
