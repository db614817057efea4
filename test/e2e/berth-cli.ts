import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import { asRead } from '../support/read-status.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'dist/src/cli/bin.js')

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the built `berth` as a user would, in a child process. */
export function berth(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, SOURCE_DATE_EPOCH: '1764324000', NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** A fresh copy of the shipped demo cluster. */
export async function demoCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-'))
  await cp(path.join(root, 'manifests'), dir, { recursive: true })
  return dir
}

/** Edits a file with a plain text replacement, as a person in an editor would. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8')
  const next = text.replace(from, to)
  if (next === text) throw new Error(`edit of ${file} changed nothing`)
  await writeFile(file, next)
}

/** A manifest as the tests read it back. */
export interface Doc {
  metadata: { name: string }
  spec: Record<string, unknown>
  status?: { tasks?: TaskView[]; plugins?: unknown; [field: string]: unknown }
}

/** The data of every document in a file, each status read as berth reads it (task lines completed). */
export async function documents(file: string): Promise<Doc[]> {
  return parseAllDocuments(await readFile(file, 'utf8')).map((d) => asRead(d.toJS()) as Doc)
}

export interface TaskView {
  id: string
  slot?: number
  node?: string
  state: string
  desiredState: string
  message?: string
}

/** The running tasks of the service in a file, and how many sit on each node. */
export async function runningTasks(
  file: string,
): Promise<{ tasks: TaskView[]; perNode: Record<string, number> }> {
  const [doc] = await documents(file)
  const tasks = (doc?.status?.tasks ?? []).filter((t) => t.desiredState === 'running' && t.node)
  const perNode: Record<string, number> = {}
  for (const t of tasks) perNode[t.node as string] = (perNode[t.node as string] ?? 0) + 1
  return { tasks, perNode }
}
