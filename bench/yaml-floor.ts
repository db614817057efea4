import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import { listYaml } from './tree-files.js'

/**
 * The floor of a reconcile: what merely reading every file, parsing it with
 * `yaml` (`parseAllDocuments`) and serialising it again (`String(doc)`)
 * costs in this process. Returns the bytes produced so the work cannot be
 * optimised away.
 */
export async function yamlFloor(dir: string, only?: readonly string[]): Promise<number> {
  const files = only ?? (await listYaml(dir))
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))
  let bytes = 0
  for (const text of texts) {
    const docs = parseAllDocuments(text)
    if (!Array.isArray(docs)) continue
    for (const doc of docs) bytes += String(doc).length
  }
  return bytes
}

/** The I/O floor: reading every file and hashing it (sha256), no parsing. Returns the bytes read. */
export async function ioFloor(dir: string): Promise<number> {
  const files = await listYaml(dir)
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))
  let bytes = 0
  for (const text of texts) {
    createHash('sha256').update(text).digest()
    bytes += text.length
  }
  return bytes
}
