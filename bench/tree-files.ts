import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { GeneratedFile } from './templates.js'

/** Generated trees on disk, under the system's temporary folder. */

export async function tempTree(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `berth-bench-${label}-`))
}

export async function writeTree(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  const folders = new Set(files.map((f) => path.dirname(path.join(dir, f.path))))
  for (const folder of folders) await mkdir(folder, { recursive: true })
  await Promise.all(files.map((f) => writeFile(path.join(dir, f.path), f.text)))
}

/** A fresh copy of a tree, so a run starts from the same bytes. */
export async function copyTree(from: string, label: string): Promise<string> {
  const to = await tempTree(label)
  await cp(from, to, { recursive: true })
  return to
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** Every `*.yaml` below `dir`, relative, sorted. */
export async function listYaml(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}

export async function readText(dir: string, rel: string): Promise<string> {
  return readFile(path.join(dir, rel), 'utf8')
}
