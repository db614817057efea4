import { Command } from 'commander'
import { serveGitFilterOnStdio } from '../../gitops/filter-stdio.js'
import { PktLineError } from '../../gitops/pkt-line.js'
import { stripStatus } from '../../gitops/strip-status-bytes.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'

/** Reads all of standard input as bytes. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
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
        await serveGitFilterOnStdio().catch((error: Error) => {
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
