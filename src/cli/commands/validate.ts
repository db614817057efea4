import { Command } from 'commander'
import { loadTree } from '../../load/load-tree.js'
import type { App } from '../app.js'

/** `berth validate`: every manifest against the CRDs; no writes. */
export function validateCommand(app: App, done: (code: number) => void): Command {
  return new Command('validate')
    .description(
      'check every manifest against the CRDs; prints file:line:col for each problem, writes nothing',
    )
    .addHelpText('after', '\nExamples:\n  berth validate\n  berth validate --dir ./cluster')
    .action(async (_opts, cmd: Command) => {
      const dir = app.dir(cmd.optsWithGlobals())
      const tree = await loadTree(dir, app.validator())
      app.reportDiagnostics(dir, tree.diagnostics)
      // Files refused before parsing (binary, too large, …) count as files too.
      const files = new Set([...tree.files.map((f) => f.path), ...tree.diagnostics.map((d) => d.file)]).size
      const resources = tree.resources.length
      if (tree.diagnostics.length > 0) {
        const bad = new Set(tree.diagnostics.map((d) => d.file)).size
        app.io.out(
          `${app.style.red('invalid')}: ${tree.diagnostics.length} problem${s(tree.diagnostics.length)} in ${bad} of ${files} file${s(files)}\n`,
        )
        return done(1)
      }
      app.io.out(
        `${app.style.green('valid')}: ${resources} resource${s(resources)} in ${files} file${s(files)}\n`,
      )
      done(0)
    })
}

const s = (n: number) => (n === 1 ? '' : 's')
