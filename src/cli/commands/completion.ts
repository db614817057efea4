import path from 'node:path'
import { Command } from 'commander'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { completeWords } from '../completion/complete-words.js'
import { resourceNames } from '../completion/resource-names.js'
import type { Shell } from '../completion/shell-scripts.js'
import { completionScript, SHELLS } from '../completion/shell-scripts.js'

/** `berth completion bash|zsh|fish`: the shell's completion script. */
export function completionCommand(app: App, done: (code: number) => void): Command {
  return new Command('completion')
    .description('print the shell completion script: commands, flags, kinds and resource names')
    .argument('<shell>', SHELLS.join(' | '))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  source <(berth completion bash)          # bash, this shell',
        '  source <(berth completion zsh)           # zsh, this shell',
        '  berth completion fish | source           # fish, this shell',
        '  berth completion bash > ~/.local/share/bash-completion/completions/berth',
      ].join('\n'),
    )
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new CliError(`unknown shell "${shell}"; berth completes ${SHELLS.join(', ')}`, 2)
      app.io.out(completionScript(shell as Shell))
      done(0)
    })
}

/** `berth __complete -- WORDS…`: what the completion scripts call; prints one candidate per line. */
export function completeCommand(app: App, done: (code: number) => void, program: () => Command): Command {
  return new Command('__complete')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[]) => {
      const candidates = await completeWords(program(), words.length > 0 ? words : [''], (kind, dir) =>
        resourceNames(path.resolve(app.cwd, dir ?? app.env.BERTH_DIR ?? 'manifests'), kind),
      )
      app.io.out(candidates.map((c) => `${c}\n`).join(''))
      done(0)
    })
}
