import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { RefusedWriteError, replaceFile, SymlinkRefusedError, syncFolder } from '../io/atomic-write.js'
import { mapBounded } from '../io/bounded.js'
import { writeTarget } from '../io/link-target.js'
import type { Progress } from '../model/progress.js'
import { stepper } from '../model/progress.js'
import type { PlannedWrite } from './plan-writes.js'

export interface CommitResult {
  readonly written: readonly string[]
  /** Files changed on disk since they were read: not written, to be re-read. */
  readonly conflicts: readonly string[]
  readonly failed: readonly WriteFailure[]
}

/**
 * A write that failed: `refused` when berth never writes to such a target (a symlink, a
 * non-regular file), `io` when the system said no (disk full, read-only) and a retry may land.
 */
export interface WriteFailure {
  readonly path: string
  readonly message: string
  readonly kind: 'refused' | 'io'
}

export interface CommitOptions {
  readonly progress?: Progress
  /** True once the writes should stop (a signal): no new write starts, those under way finish. */
  readonly stopped?: () => boolean
}

/**
 * Writes planned files atomically, each only if it still holds the bytes
 * that were read: a person's newer save is never overwritten. The writes run side by side
 * (a bounded number at once); each folder is fsynced once, after the renames of all its
 * files, before this returns (docs/status-writes.md, "Committing writes"). A write that fails
 * is reported and stops no other. Once `stopped`, no write starts; a file not written is
 * in neither list.
 */
export async function commitWrites(
  root: string,
  writes: readonly PlannedWrite[],
  options: CommitOptions = {},
): Promise<CommitResult> {
  const step = stepper(options.progress, 'write', writes.length)
  const realRoot = await realpath(root).catch(() => root)
  let done = 0
  const written: string[] = []
  const conflicts: string[] = []
  const failed: WriteFailure[] = []
  const folders = new Set<string>()
  await mapBounded(writes, async (w) => {
    // Stopped: the writes under way finish (each file whole), the rest are left as they were.
    if (options.stopped?.()) return
    try {
      const { result, target } = await writeOne(realRoot, path.join(root, w.path), w)
      if (result === 'written') {
        written.push(w.path)
        folders.add(path.dirname(target))
      } else conflicts.push(w.path)
    } catch (error) {
      const kind = error instanceof RefusedWriteError ? 'refused' : 'io'
      failed.push({ path: w.path, message: (error as Error).message, kind })
    }
    step(++done)
  })
  await mapBounded([...folders], syncFolder)
  return { written: written.sort(), conflicts: conflicts.sort(), failed }
}

/**
 * Writes one planned file at `abs`; a symlink to a file inside the manifest directory is
 * written at its target instead (`writeTarget`: the link stays a link). The link is looked
 * for only when the write finds one, so an ordinary file costs no extra `lstat`.
 */
async function writeOne(
  realRoot: string,
  abs: string,
  w: PlannedWrite,
): Promise<{ result: 'written' | 'conflict'; target: string }> {
  try {
    return { result: await replaceFile(abs, w.after, { expected: w.before }), target: abs }
  } catch (error) {
    if (!(error instanceof SymlinkRefusedError)) throw error
    const target = await writeTarget(realRoot, abs)
    if (target === abs) throw error
    return { result: await replaceFile(target, w.after, { expected: w.before }), target }
  }
}
