import { Command, Option } from 'commander'
import { openParseCache } from '../../cache/parse-cache.js'
import { reconcileInputs } from '../../cache/reconcile-inputs.js'
import { reconcileOnce } from '../../engine/reconcile-once.js'
import type { App } from '../app.js'
import { planSummary, taskMoves } from '../output/plan-summary.js'
import { unifiedDiff } from '../output/unified-diff.js'
import { NOTHING_COMMITTED, reportRound } from '../report-round.js'

/** `berth plan [--exit-code]`: what `reconcile` would write, as a summary and a unified diff; writes nothing. */
export function planCommand(app: App, done: (code: number) => void): Command {
  return new Command('plan')
    .description('show, as a diff, what `berth reconcile` would write; writes nothing')
    .option('--exit-code', 'exit 1 when something would change, 0 when nothing would (like git diff)')
    .addOption(
      new Option('-o, --output <format>', 'text for people, json for CI (e.g. to post on a pull request)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Invalid manifests: their problems are printed and the exit code is 1.',
        '',
        'Examples:',
        '  berth plan',
        '  berth plan --exit-code || berth reconcile',
        '  berth plan -o json > plan.json',
        '',
        'JSON: {"changes":[{"file","resources":["Service/web",…]}],',
        '       "tasks":[{"service","task","slot","from","to","action","reason"}], "wouldChange"}',
        '  action is placed, moved, evicted, pending or removed; from/to are nodes or null.',
      ].join('\n'),
    )
    .action(async (opts: { exitCode?: boolean; output: 'text' | 'json' }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<{ dir?: string; registry?: string[] }>()
      const dir = app.dir(globals)
      // Through the parse cache (read, never written): a converged tree plans nothing at once.
      const cache = await openParseCache(dir, app.validator().schemaDigest, { readOnly: true })
      const inputs = reconcileInputs(app.registry(globals))
      const result = await reconcileOnce({
        dir,
        validator: app.validator(),
        registry: app.registry(globals),
        clock: app.clock,
        load: cache.loader(app.validator()),
        converged: () => cache.converged(inputs),
      })
      if (!result.report) {
        app.reportDiagnostics(dir, result.tree.diagnostics)
        app.io.err(`${app.style.red('error')}: invalid manifests; nothing to plan\n`)
        return done(1)
      }
      // As `reconcile` reports them, each at its file:line:col (a status berth replaces, too).
      reportRound(app, dir, { ...result, report: result.report }, NOTHING_COMMITTED, {
        unwritable: 'warning',
      })
      if (opts.output === 'json') {
        const plan = {
          changes: result.writes.map((w) => ({ file: w.path, resources: [...w.changed] })),
          tasks: taskMoves(result.tree.resources, result.store),
          wouldChange: result.writes.length > 0,
        }
        app.io.out(`${JSON.stringify(plan, null, 2)}\n`)
        return done((opts.exitCode && plan.wouldChange) || result.report.failed.size > 0 ? 1 : 0)
      }
      if (result.writes.length === 0) {
        app.io.out('no changes\n')
        return done(result.report.failed.size > 0 ? 1 : 0)
      }
      const summary = planSummary(result.tree.resources, result.store)
      if (summary.length > 0) app.io.out(`${summary.map((l) => `  ${l}`).join('\n')}\n\n`)
      const files = result.writes.length
      app.io.out(`${files} file${files === 1 ? '' : 's'} would change:\n\n`)
      for (const write of result.writes)
        app.io.out(colourDiff(app, unifiedDiff(write.path, write.before, write.after)))
      done(opts.exitCode || result.report.failed.size > 0 ? 1 : 0)
    })
}

/** Red removals, green additions, on a terminal only. */
function colourDiff(app: App, diff: string): string {
  if (!app.style.enabled) return diff
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++')) return app.style.bold(line)
      if (line.startsWith('-')) return app.style.red(line)
      if (line.startsWith('+')) return app.style.green(line)
      if (line.startsWith('@@')) return app.style.dim(line)
      return line
    })
    .join('\n')
}
