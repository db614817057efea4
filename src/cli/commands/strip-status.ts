import { Command } from 'commander'
import { serveFilterProcess } from '../../gitops/filter-process.js'
import { PktLineError } from '../../gitops/pkt-line.js'
import { blockingChunks, writeAll } from '../../io/blocking-fd.js'
import { utf8 } from '../../io/utf8-text.js'
import { cutStatusLines } from '../../yamledit/cut-status-lines.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}

/** Reads all of standard input as bytes. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Removes every document's status from a text by parsing it (the YAML parser's way). */
type ViaParser = (text: string) => string

/** `stripStatus`'s answer; undefined when it takes the parser and none was given. */
function stripWith(input: Buffer, viaParser: ViaParser | undefined): Buffer | undefined {
  const text = utf8(input)
  // Quoted ("status":) and indented keys count too: only a text without the word is surely done.
  if (text === undefined || !text.includes('status')) return input
  try {
    // The line scan answers for the files berth writes; the parser decides the rest.
    const out = cutStatusLines(text) ?? viaParser?.(text)
    if (out === undefined) return undefined
    return out === text ? input : Buffer.from(out, 'utf8')
  } catch {
    return input
  }
}

/** The parser's way, loaded once, for the first file the line scan cannot answer. */
let parser: Promise<ViaParser> | undefined

/**
 * The bytes git should see for a manifest: every document's top-level `status` removed,
 * every other byte kept. Anything else (not UTF-8, not YAML, no status) comes back as it
 * was: git runs this on every matching file and must never lose or refuse one. The YAML
 * parser is loaded only when a file needs it: the filter usually starts, serves a whole
 * `git add` by the line scan and exits without it.
 */
export async function stripStatus(input: Buffer): Promise<Buffer> {
  const byLines = stripWith(input, undefined)
  if (byLines) return byLines
  parser ??= import('../../yamledit/replace-status.js').then((m) => (text: string) => m.removeStatus(text))
  return stripWith(input, await parser) ?? input
}

/**
 * `berth strip-status`: the git clean filter, standard input to standard output; with
 * `--process`, git's long-running filter process serving every file of one git command.
 */
export function stripStatusCommand(_app: App, done: (code: number) => void): Command {
  return new Command('strip-status')
    .description("copy standard input to standard output without berth's status (the git clean filter)")
    .option('--process', "speak git's long-running filter protocol on stdin/stdout (filter.<driver>.process)")
    .addHelpText(
      'after',
      [
        '',
        "Removes only each document's top-level status; every other byte is kept. Input that is",
        'not a manifest passes through unchanged, and the exit code is always 0.',
        'With --process, one berth serves all the files of a git command (set up by berth git',
        'setup); it exits 1 only when git breaks the protocol.',
        '',
        'Examples:',
        '  berth strip-status < manifests/services/myservice.yaml',
        '  git show HEAD:manifests/nodes.yaml | berth strip-status',
      ].join('\n'),
    )
    .action(async (opts: { process?: boolean }) => {
      if (opts.process) {
        // Blocking descriptors: git waits for each answer, so an event-loop turn per chunk is pure latency.
        await serveFilterProcess(
          asAsync(blockingChunks(0)),
          (bytes) => writeAll(1, bytes),
          (content) => stripStatus(content),
        ).catch((error: Error) => {
          if (error instanceof PktLineError) throw new CliError(`git filter protocol: ${error.message}`)
          throw error
        })
        return done(0)
      }
      const output = await stripStatus(await readStdin())
      await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()))
      done(0)
    })
}
