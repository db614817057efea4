#!/usr/bin/env node
import { run } from './run.js'

// `berth plan | head`: a closed pipe ends the output, not the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
