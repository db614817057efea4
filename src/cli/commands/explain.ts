import { Command } from 'commander'
import { defaultCrdDir, loadCrdSchemas } from '../../validate/crd-files.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { parseKind, validKindsText } from '../kind-alias.js'
import { explainText, lookupField } from '../schema/explain.js'

/** `berth explain KIND[.field.path] [--recursive]`: a field's documentation from the CRDs, as kubectl explain. */
export function explainCommand(app: App, done: (code: number) => void): Command {
  return new Command('explain')
    .description("describe a kind's fields from its CRD (kubectl explain)")
    .argument('<field>', `KIND[.field.path], KIND one of: ${validKindsText()}`)
    .option('--recursive', 'list every field below, as a tree of names and types')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  berth explain service',
        '  berth explain service.spec.placement',
        '  berth explain svc.spec.mounts.volumeDriver',
        '  berth explain node.spec --recursive',
      ].join('\n'),
    )
    .action((field: string, opts: { recursive?: boolean }) => {
      const [kindWord = '', ...path] = field.split('.')
      const kind = parseKind(kindWord)
      const schema = loadCrdSchemas(defaultCrdDir()).get(kind) as Record<string, unknown>
      const found = lookupField(schema, path)
      if (!found.found)
        throw new CliError(
          `field "${found.missing}" does not exist in ${[kindWord, found.parent].filter(Boolean).join('.')}`,
        )
      app.io.out(explainText(kind, found, { recursive: opts.recursive === true }))
      done(0)
    })
}
