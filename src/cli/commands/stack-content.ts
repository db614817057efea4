import fs from 'node:fs'
import path from 'node:path'
import { MAX_CONTENT_BYTES } from '../../io/read-content.js'
import type { ContentReader } from '../../stack/stack-resource.js'

/**
 * How `stack deploy` uses a secret's or config's file: in place when it lies inside the
 * manifest directory `dir` (by its path and, for a symlink, by where it leads), else its bytes,
 * read now to be copied into the stack's folder as `docker stack deploy` copies them into the
 * cluster store. What cannot be copied is a problem in Docker's limits; no problem quotes the bytes.
 */
export function contentReader(dir: string): ContentReader {
  const realDir = realpath(dir) ?? dir
  return (file, kind) => {
    const real = realpath(file)
    if (inside(dir, file) && (real === undefined || inside(realDir, real))) return 'in-place'
    const max = MAX_CONTENT_BYTES[kind]
    const noun = kind.toLowerCase()
    try {
      const stat = fs.statSync(file)
      if (!stat.isFile()) return { problem: 'is not a regular file' }
      if (stat.size > max) return { problem: `is ${stat.size} bytes; a ${noun} may hold at most ${max}` }
      const bytes = fs.readFileSync(file)
      if (bytes.length === 0) return { problem: `is empty; a ${noun} needs content` }
      if (bytes.length > max)
        return { problem: `is ${bytes.length} bytes; a ${noun} may hold at most ${max}` }
      return { bytes }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'not found' }
      return { problem: `cannot be read (${code ?? 'error'})` }
    }
  }
}

/** Undefined for a file that does not exist (yet): it is judged by its path, and the Secret says it is missing. */
function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file)
  } catch {
    return undefined
  }
}

function inside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file)
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  )
}
