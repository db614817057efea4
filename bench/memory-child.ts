/**
 * Runs one job over a directory in its own process, so the peak RSS it
 * reports is the job's alone: `reconcile` (a cold reconcile, written) or
 * `floor` (the yaml read/parse/stringify floor). Prints one JSON line.
 */
import { benchEnv } from './env.js'
import { reconcileDir } from './measure-reconcile.js'
import { yamlFloor } from './yaml-floor.js'

const [mode, dir] = process.argv.slice(2)
if ((mode !== 'reconcile' && mode !== 'floor') || !dir) {
  process.stderr.write('usage: memory-child.js reconcile|floor DIR\n')
  process.exit(2)
}
let sampled = process.memoryUsage().rss
const sampler = setInterval(() => {
  sampled = Math.max(sampled, process.memoryUsage().rss)
}, 10)
const start = performance.now()
if (mode === 'reconcile') await reconcileDir(dir, benchEnv())
else await yamlFloor(dir)
const ms = performance.now() - start
clearInterval(sampler)
sampled = Math.max(sampled, process.memoryUsage().rss)
process.stdout.write(
  `${JSON.stringify({ mode, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, sampledRssBytes: sampled })}\n`,
)
