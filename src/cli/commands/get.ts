import { Command } from 'commander'
import type { Kind } from '../../model/kinds.js'
import type { AnyResource } from '../../model/resource.js'
import type { ReadStore } from '../../store/store.js'
import type { App } from '../app.js'
import { parseKind, validKindsText } from '../kind-alias.js'
import type { OutputFormat } from '../output/output-format.js'
import { parseOutputFormat } from '../output/output-format.js'
import { renderGet } from '../output/render-get.js'
import { matchesSelector, parseSelector } from '../select/label-selector.js'
import { SELECTOR_FLAGS, SELECTOR_HELP } from '../select/select-resources.js'
import { watchGet } from './get-watch.js'
import { findResource, readDirectory } from './read-directory.js'

interface GetOptions {
  output?: string
  selector?: string
  watch?: boolean
}

/** `berth get KIND [NAME] [-o …] [-l …] [-w]`: kubectl's get over the manifests as they are on disk. */
export function getCommand(app: App, done: (code: number) => void): Command {
  return new Command('get')
    .description('list resources of a kind, or show one, with the status berth last wrote')
    .argument('<kind>', `resource type: ${validKindsText()}`)
    .argument('[name]', 'one resource by name')
    .option(
      '-o, --output <format>',
      'output format: wide, yaml, json, name, jsonpath=TEMPLATE, custom-columns=HEADER:PATH,…',
    )
    .option(SELECTOR_FLAGS, SELECTOR_HELP)
    .option('-w, --watch', 'after listing, print each resource again whenever it changes (until Ctrl-C)')
    .addHelpText(
      'after',
      [
        '',
        'Reads the files as they are: run `berth reconcile` first for fresh status. A status',
        'older than its spec (not reconciled since the last edit) is marked "(stale)". Exit 1',
        'when a manifest is invalid (what loaded is still shown) or NAME does not exist.',
        '',
        'Examples:',
        '  berth get services',
        '  berth get svc myservice -o yaml',
        '  berth get nodes -o wide -l zone=b',
        "  berth get nodes -l 'zone in (a,b),!gpu' -o name",
        '  berth get svc -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.replicas.running}{"\\n"}{end}\'',
        '  berth get svc -o custom-columns=NAME:.metadata.name,IMAGE:.spec.image',
        '  berth get svc --watch',
      ].join('\n'),
    )
    .action(async (kindWord: string, name: string | undefined, opts: GetOptions, cmd: Command) => {
      const kind = parseKind(kindWord)
      const output = parseOutputFormat(opts.output)
      const selector = opts.selector === undefined ? [] : parseSelector(opts.selector)
      const globals = cmd.optsWithGlobals()
      const registry = app.registry(globals)
      const pick = (store: ReadStore): readonly AnyResource[] | undefined => {
        if (name === undefined)
          return (store.list(kind) as readonly AnyResource[]).filter((r) =>
            matchesSelector(selector, r.labels),
          )
        const one = findResource(app, store, kind, name)
        return one ? [one as AnyResource] : undefined
      }
      const { store, exitCode } = await readDirectory(app, globals)
      const resources = pick(store)
      if (!resources) return done(1)
      app.io.out(renderGet(kind, resources, { single: name !== undefined, output, registry }))
      if (resources.length === 0 && output.type === 'table') app.io.err('No resources found.\n')
      if (!opts.watch) return done(exitCode)
      await watchGet(app, {
        dir: app.dir(globals),
        initial: resources,
        // A named resource deleted while watched just stops printing (no NotFound on every change).
        pick: (s) =>
          name === undefined ? (pick(s) ?? []) : [s.get(kind, name) as AnyResource].filter(Boolean),
        print: (changed) => app.io.out(renderChanges(kind, changed, output, registry)),
      })
      done(0)
    })
}

/**
 * What `--watch` prints for resources that changed: table rows without the header;
 * with json, yaml or jsonpath each object on its own, as kubectl does.
 */
function renderChanges(
  kind: Kind,
  changed: readonly AnyResource[],
  output: OutputFormat,
  registry: ReturnType<App['registry']>,
): string {
  if (output.type === 'json' || output.type === 'yaml' || output.type === 'jsonpath')
    return changed
      .map((r) => {
        const text = renderGet(kind, [r], { single: true, output, registry })
        return output.type === 'yaml' ? `---\n${text}` : text
      })
      .join('')
  return renderGet(kind, changed, { single: false, output, registry, headers: false })
}
