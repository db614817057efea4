import { Command } from 'commander'
import type { App } from '../app.js'
import { type StackDeps, stackDeployCommand } from './stack-deploy.js'
import { stackLsCommand, stackPsCommand, stackServicesCommand } from './stack-read.js'
import { stackRmCommand } from './stack-rm.js'

/** `berth stack …`: compose files in, Docker's stack commands. */
export function stackCommand(
  app: App,
  done: (code: number) => void,
  deps: StackDeps = { readStdin },
): Command {
  return new Command('stack')
    .description('manage stacks: deploy compose files (docker stack …)')
    .addCommand(stackDeployCommand(app, done, deps))
    .addCommand(stackLsCommand(app, done))
    .addCommand(stackServicesCommand(app, done))
    .addCommand(stackPsCommand(app, done))
    .addCommand(stackRmCommand(app, done))
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
