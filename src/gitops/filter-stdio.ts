import { blockingChunks, writeAll } from '../io/blocking-fd.js'
import { serveFilterProcess } from './filter-process.js'
import { stripStatus } from './strip-status-bytes.js'

/**
 * `berth strip-status --process` as git runs it: the long-running filter on standard input
 * and output, read and written with blocking calls (git waits for each answer, so an
 * event-loop turn per chunk would be pure latency). Resolves with the number of files
 * cleaned; rejects with `PktLineError` when git breaks the protocol. This module and what
 * it imports are all the filter loads (see `bin.ts`): it starts without the command line.
 */
export function serveGitFilterOnStdio(): Promise<number> {
  return serveFilterProcess(blockingChunks(0), (bytes) => writeAll(1, bytes), stripStatus)
}
