/** The benchmark's command line: which parts to run and at what sizes. */

export const PARTS = [
  'start',
  'bytes',
  'git',
  'scheduler',
  'cold',
  'noop',
  'daemon',
  'watch',
  'burst',
  'memory',
  'update',
  'etcd',
  'edit',
] as const
export type Part = (typeof PARTS)[number]

export interface BenchOptions {
  readonly only: ReadonlySet<Part>
  /** Node counts of the scheduler figure. */
  readonly nodes: readonly number[]
  /** Tasks and services of the scheduler figure. */
  readonly tasks: number
  readonly services: number
  /** Files of the large tree (cold, no-op, watch, burst, memory) and of the small watch tree. */
  readonly files: number
  readonly smallFiles: number
  /** Files rewritten at once in the burst. */
  readonly burst: number
  /** Replicas of the service the edit figure scales. */
  readonly editReplicas: number
  /** Manifests staged by the git figure. */
  readonly gitFiles: number
  /** Edits timed in watch mode; runs of cold and no-op reconcile (median reported). */
  readonly watchRepeats: number
  readonly repeat: number
  readonly seed: number
  readonly out: string
}

const USAGE = `usage: node dist/bench/run.js [options]
  --only a,b          parts to run: ${PARTS.join(', ')} (default: all)
  --nodes 1000,5000   node counts for the scheduler figure (default 1000,5000,10000)
  --tasks N           tasks of the scheduler figure (default 100000)
  --services N        services of the scheduler figure (default 1000)
  --files N           files of the large tree (default 5000)
  --small-files N     files of the small watch tree (default 50)
  --burst N           files rewritten at once in the burst (default 500)
  --git-files N       converged manifests staged by \`git add\` in the git figure (default 3000)
  --edit-replicas N   replicas of the service \`berth scale\` edits in the edit figure (default 100000)
  --watch-repeats N   edits timed in watch mode (default 10)
  --repeat N          runs of cold / no-op reconcile and floors, median reported (default 1)
  --seed N            generator seed (default 42)
  --out FILE          JSON report (default bench/out/report.json)
  --quick             a tenth of every size, for a smoke run`

export function parseArgs(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string>()
  let quick = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    }
    if (arg === '--quick') {
      quick = true
      continue
    }
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined]
    const value = inline ?? argv[++i]
    if (!flag.startsWith('--') || value === undefined) throw new Error(`bad argument ${arg}\n${USAGE}`)
    flags.set(flag.slice(2), value)
  }
  const scale = quick ? 0.1 : 1
  const int = (name: string, fallback: number) => {
    const raw = flags.get(name)
    if (raw === undefined) return Math.max(1, Math.round(fallback * scale))
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got ${raw}`)
    return n
  }
  const only = flags.get('only')
  const parts = only ? only.split(',').map((p) => p.trim()) : [...PARTS]
  for (const p of parts) if (!PARTS.includes(p as Part)) throw new Error(`unknown part ${p}\n${USAGE}`)
  const nodes = flags.get('nodes')?.split(',').map(Number) ?? [1000, 5000, 10000].map((n) => n * scale)
  return {
    only: new Set(parts as Part[]),
    nodes: nodes.map((n) => Math.max(4, Math.round(n))),
    tasks: int('tasks', 100_000),
    services: int('services', 1000),
    files: int('files', 5000),
    smallFiles: Math.max(20, int('small-files', 50 / scale)),
    burst: int('burst', 500),
    gitFiles: int('git-files', 3000),
    editReplicas: int('edit-replicas', 100000),
    watchRepeats: Math.max(3, int('watch-repeats', 10 / scale)),
    repeat: Math.max(1, int('repeat', 1)),
    seed: int('seed', 42 / scale),
    out: flags.get('out') ?? 'bench/out/report.json',
  }
}
