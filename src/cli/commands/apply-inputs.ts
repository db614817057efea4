import fs from 'node:fs/promises'
import path from 'node:path'
import { type CST, Parser } from 'yaml'
import { isIgnoredName, isManifestFile } from '../../io/manifest-paths.js'
import { loadFile } from '../../load/load-file.js'
import { parseDocuments } from '../../load/parse-documents.js'
import type { SchemaValidator } from '../../load/to-resource.js'
import type { Diagnostic } from '../../model/diagnostic.js'
import type { Kind } from '../../model/kinds.js'
import { isRecord } from '../../yamledit/data-path.js'
import { removeStatus } from '../../yamledit/replace-status.js'

/** One resource given to `apply`: what to write, and the document's own text for a new file. */
export interface ApplyInput {
  readonly kind: Kind
  readonly name: string
  readonly spec: Record<string, unknown>
  /** `metadata.labels` when the document has them; undefined leaves existing labels alone. */
  readonly labels: Record<string, string> | undefined
  /** The document's text as given, without `status` and without a separating `---` line. */
  readonly text: string
  /** `file:line:col` of the document, for messages. */
  readonly where: string
}

/** A file given with `-f`: its name as shown in messages, and its text. */
export interface InputText {
  readonly name: string
  readonly text: string
}

/**
 * Reads what `-f` names: a file, every `*.yaml`/`*.yml` directly in a folder (sorted, hidden
 * and editor files skipped), or `-` for standard input.
 */
export async function readInputs(
  args: readonly string[],
  cwd: string,
  readStdin: () => Promise<string>,
): Promise<InputText[]> {
  const inputs: InputText[] = []
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ name: '<stdin>', text: await readStdin() })
      continue
    }
    const abs = path.resolve(cwd, arg)
    const stat = await fs.stat(abs).catch(() => undefined)
    if (!stat) throw new Error(`${arg}: no such file or directory`)
    if (!stat.isDirectory()) {
      inputs.push({ name: arg, text: await fs.readFile(abs, 'utf8') })
      continue
    }
    const names = (await fs.readdir(abs)).filter((n) => isManifestFile(n) && !isIgnoredName(n)).sort()
    for (const n of names)
      inputs.push({ name: path.join(arg, n), text: await fs.readFile(path.join(abs, n), 'utf8') })
  }
  return inputs
}

/**
 * Parses and validates every input document against the CRDs. Returns the resources, or every
 * problem as a diagnostic (file as given, line, column) — then nothing may be written.
 */
export function parseInputs(
  inputs: readonly InputText[],
  validator: SchemaValidator,
): { resources: ApplyInput[]; diagnostics: Diagnostic[] } {
  const resources: ApplyInput[] = []
  const diagnostics: Diagnostic[] = []
  for (const input of inputs) {
    const loaded = loadFile(input.name, input.text, validator)
    diagnostics.push(...loaded.diagnostics)
    const texts = documentTexts(input.text)
    const values = new Map(parseDocuments(input.name, input.text).documents.map((d) => [d.index, d.value]))
    for (const r of loaded.resources) {
      resources.push({
        kind: r.kind,
        name: r.name,
        spec: r.writtenSpec as Record<string, unknown>,
        labels: labelsOf(values.get(r.source.doc)),
        text: removeStatus(texts[r.source.doc] ?? ''),
        where: `${input.name}:${r.source.line}:${r.source.col}`,
      })
    }
  }
  return { resources, diagnostics }
}

/** Each document's text: the first with what precedes it (comments), later ones without a bare `---` line. */
function documentTexts(text: string): string[] {
  const docs = Array.from(new Parser().parse(text)).filter((t): t is CST.Document => t.type === 'document')
  const bom = text.startsWith('\uFEFF') ? 1 : 0
  return docs.map((doc, i) => {
    const slice = text.slice(i === 0 ? bom : doc.offset, docs[i + 1]?.offset ?? text.length)
    return i === 0 ? slice : slice.replace(/^---[ \t]*\r?\n/, '')
  })
}

/** `metadata.labels` exactly as the document has them, or undefined when it has none. */
function labelsOf(value: unknown): Record<string, string> | undefined {
  const metadata = isRecord(value) ? value.metadata : undefined
  const labels = isRecord(metadata) ? metadata.labels : undefined
  return isRecord(labels) ? (labels as Record<string, string>) : undefined
}
