#!/usr/bin/env node
import { loadBundle } from './load-bundle.js'

// `berth plan | head`: a closed pipe ends the output, not the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

// The build's bundle of the command line (see load-bundle.ts), else the modules as tsc wrote them.
const { run } = loadBundle()?.exports ?? (await import('./run.js'))

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
