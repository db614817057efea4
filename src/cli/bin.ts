#!/usr/bin/env node
import { loadBundle } from './load-bundle.js'

const args = process.argv.slice(2)

if (args.length === 2 && args[0] === 'strip-status' && args[1] === '--process') {
  // git's long-running filter, as `berth git setup` configures it: git waits for it to start
  // before it stages a file, so it loads only the filter's few modules, not the command line.
  const { serveGitFilterOnStdio } = await import('../gitops/filter-stdio.js')
  const { PktLineError } = await import('../gitops/pkt-line.js')
  await serveGitFilterOnStdio().then(
    () => {
      process.exitCode = 0
    },
    (error: Error) => {
      if (!(error instanceof PktLineError)) throw error
      process.stderr.write(`berth: git filter protocol: ${error.message}\n`)
      process.exitCode = 1
    },
  )
} else {
  // `berth plan | head`: a closed pipe ends the output, not the process with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw error
    })
  }

  // The build's bundle of the command line (see load-bundle.ts), else the modules as tsc wrote them.
  const { run } = loadBundle()?.exports ?? (await import('./run.js'))

  run(args).then((code) => {
    process.exitCode = code
  })
}
