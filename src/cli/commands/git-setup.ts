import { Command } from 'commander'
import { openRepo } from '../../gitops/repo.js'
import { checkFilter, setupFilter } from '../../gitops/setup.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'

/** `berth git …`: the commands that make berth and git work together. */
export function gitCommand(app: App, done: (code: number) => void): Command {
  return new Command('git')
    .description('make git ignore the status berth writes into the manifests')
    .addCommand(gitSetupCommand(app, done))
}

/** `berth git setup [--check]`: register (or check) the clean filter for the manifest directory. */
function gitSetupCommand(app: App, done: (code: number) => void): Command {
  return new Command('setup')
    .description("register berth's clean filter so git sees the manifests without status")
    .option(
      '--check',
      'change nothing; exit 0 when the checkout is set up, 1 (saying what is missing) when not',
    )
    .addHelpText(
      'after',
      [
        '',
        'Adds "<dir>/**/*.yaml filter=berth-status" (and *.yml) to .gitattributes at the repository',
        "root, sets filter.berth-status.clean/smudge/required in the repository's git config, and",
        'makes git re-check the tracked manifests by content. Safe to run again.',
        '',
        'Examples:',
        '  berth git setup',
        '  berth git setup --check --dir ./cluster',
      ].join('\n'),
    )
    .action(async (opts: { check?: boolean }, cmd: Command) => {
      const dir = app.dir(cmd.optsWithGlobals())
      const repo = await openRepo(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw new CliError(`no such directory: ${dir}`)
        throw error
      })
      if (!repo) throw new CliError(`${dir} is not inside a git work tree; run git init (or clone) first`)
      if (opts.check) {
        const items = await checkFilter(repo)
        for (const item of items)
          app.io.out(`${item.ok ? app.style.green('ok') : app.style.red('missing')}  ${item.what}\n`)
        const ok = items.every((i) => i.ok)
        app.io.out(
          ok
            ? `${repo.root} is set up: git sees the manifests without status\n`
            : `${repo.root} is not set up: git would see berth's status as changes. Run: berth git setup\n`,
        )
        return done(ok ? 0 : 1)
      }
      const result = await setupFilter(repo).catch((error: Error) => {
        throw new CliError(error.message)
      })
      app.io.out(
        result.attributesAdded.length > 0
          ? `.gitattributes: added ${result.attributesAdded.join(', ')}\n`
          : '.gitattributes: already set up\n',
      )
      for (const [key, value] of Object.entries(result.config)) app.io.out(`git config ${key} ${value}\n`)
      app.io.out(`re-checked ${result.rechecked} tracked manifest${result.rechecked === 1 ? '' : 's'}\n`)
      if (result.statusInHistory.length > 0)
        app.io.out(
          `\n${result.statusInHistory.length} tracked manifest${result.statusInHistory.length === 1 ? ' carries' : 's carry'} status in git; commit ${result.statusInHistory.length === 1 ? 'it' : 'them'} once without it:\n  git add --renormalize ${repo.prefix || '.'} && git commit -m "Keep berth's status out of git"\n`,
        )
      if (result.attributesAdded.length > 0)
        app.io.out('\nCommit .gitattributes so every clone filters the same way.\n')
      done(0)
    })
}
