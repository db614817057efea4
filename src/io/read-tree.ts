import fs from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '../model/diagnostic.js'
import { mapBounded } from './bounded.js'
import { isIgnoredName, isManifestFile, toRelative } from './manifest-paths.js'
import { readManifestFile } from './read-file.js'

/** One manifest file's bytes, decoded. */
export interface FileText {
  /** Relative to the manifest directory, forward slashes. */
  readonly path: string
  readonly text: string
}

export interface TreeRead {
  readonly files: readonly FileText[]
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * Reads every manifest file below `root`, in path order. Never
 * throws on user input: unreadable, oversized, binary files and symlinks that
 * leave the directory become diagnostics, and the other files still load.
 */
export async function readTree(root: string): Promise<TreeRead> {
  const realRoot = await fs.realpath(root)
  const files: FileText[] = []
  const diagnostics: Diagnostic[] = []
  const paths: string[] = []
  const links: string[] = []
  await walk(realRoot, root, paths, links, diagnostics)
  paths.push(...(await linksToRead(root, realRoot, paths, links)))
  paths.sort()
  const results = await mapBounded(paths, (abs) => readManifestFile(root, realRoot, abs))
  for (const result of results) {
    if ('text' in result) files.push(result)
    else if (result.diagnostic) diagnostics.push(result.diagnostic)
  }
  return { files, diagnostics }
}

/** Lists manifest files level by level, a bounded number of folders at a time. */
async function walk(
  realRoot: string,
  top: string,
  out: string[],
  links: string[],
  diagnostics: Diagnostic[],
): Promise<void> {
  let level = [top]
  while (level.length > 0) {
    const next: string[] = []
    await mapBounded(level, async (dir) => {
      let entries: import('node:fs').Dirent[]
      try {
        entries = await fs.readdir(dir, { withFileTypes: true })
      } catch (error) {
        diagnostics.push({
          file: toRelative(realRoot, dir) || '.',
          line: 1,
          col: 1,
          code: 'unreadable',
          message: `cannot read directory: ${(error as Error).message}`,
        })
        return
      }
      for (const entry of entries) {
        if (isIgnoredName(entry.name)) continue
        const abs = path.join(dir, entry.name)
        // Symlinked folders are not followed: they could loop or leave the tree.
        if (entry.isDirectory()) next.push(abs)
        else if (entry.isFile() && isManifestFile(entry.name)) out.push(abs)
        else if (entry.isSymbolicLink() && isManifestFile(entry.name)) links.push(abs)
      }
    })
    level = next
  }
}

/**
 * A symlink to a manifest berth already reads under its own path is that file,
 * not a second definition of what it holds: it is skipped. Other links are
 * read (and refused by `readManifestFile` when they leave the directory).
 */
async function linksToRead(
  root: string,
  realRoot: string,
  files: readonly string[],
  links: readonly string[],
): Promise<string[]> {
  const read = new Set(files.map((f) => path.join(realRoot, path.relative(root, f))))
  const targets = await mapBounded(links, (l) => fs.realpath(l).catch(() => undefined))
  return links.filter((_, i) => {
    const target = targets[i]
    return target === undefined || !read.has(target)
  })
}
