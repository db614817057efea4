import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import { berthInProcess } from '../cli/cli-harness.js'
import { asRead } from '../support/read-status.js'

const manifests = fileURLToPath(new URL('../../manifests/', import.meta.url))

/** A temp copy of the demo manifests and a way to run berth in it, in-process. */
export function demoDir() {
  const cwd = mkdtempSync(join(tmpdir(), 'berth-cli-edit-'))
  cpSync(manifests, join(cwd, 'manifests'), { recursive: true })
  const berth = (...argv: string[]) => berthInProcess(argv, { cwd })
  const path = (file: string) => join(cwd, 'manifests', file)
  const read = (file: string) => readFileSync(path(file), 'utf8')
  /** The data of the document named `name` in a manifest file, its status read as berth reads it. */
  const data = (file: string, name: string) =>
    parseAllDocuments(read(file))
      .map((d) => asRead(d.toJS()))
      .find((d) => d?.metadata?.name === name)
  const cleanup = () => rmSync(cwd, { recursive: true, force: true })
  return { cwd, berth, path, read, data, cleanup }
}

/** How many running tasks of a service each node has, from its status in the file. */
export function tasksPerNode(status: { tasks?: { node?: string; state: string }[] } | undefined) {
  const counts: Record<string, number> = {}
  for (const t of status?.tasks ?? [])
    if (t.state === 'running' && t.node) counts[t.node] = (counts[t.node] ?? 0) + 1
  return counts
}
