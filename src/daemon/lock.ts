import { createHash } from 'node:crypto'
import { readFile, realpath, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface DirLock {
  readonly file: string
  release(): Promise<void>
}

/** Another daemon holds the directory. */
export class LockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`another berth watch (pid ${pid}) is already following ${dir}`)
  }
}

/**
 * One daemon per directory. The lock is a file outside the manifest tree
 * (so it never shows in `git status`), keyed by the directory's real path and
 * holding the owner's pid; a lock whose process is gone is stale and taken
 * over, so a crash never blocks the next start.
 */
export async function lockDirectory(dir: string, lockDir: string = tmpdir()): Promise<DirLock> {
  const real = await realpath(dir)
  const file = path.join(
    lockDir,
    `berth-${createHash('sha256').update(real).digest('hex').slice(0, 16)}.lock`,
  )
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n${real}\n`, { flag: 'wx' })
      return {
        file,
        async release() {
          const owner = await readFile(file, 'utf8').catch(() => '')
          if (Number.parseInt(owner, 10) === process.pid) await unlink(file).catch(() => undefined)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new LockedError(real, pid)
      await unlink(file).catch(() => undefined)
    }
  }
  throw new Error(`cannot take the lock ${file}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
