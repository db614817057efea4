import { Command } from 'commander'
import type { App } from './app.js'

/** The program without commands: global options, output, one exit point. */
export function emptyProgram(app: App): Command {
  return new Command('berth')
    .description("Docker Swarm's plugin-aware service scheduling for plain YAML manifests")
    .option('--dir <dir>', 'manifest directory (default: $BERTH_DIR, else ./manifests)')
    .option('--registry <dir...>', 'extra plugin registry directories (JSON plugin configs)')
    .option(
      '--store <url>',
      'keep state in etcd (watch) or read it from there (get, ls): etcd://host:port[,…][/prefix]',
    )
    .option('--etcd-cacert <file>', "with --store: TLS, checking etcd's certificate against this CA (PEM)")
    .option('--etcd-cert <file>', 'with --store: TLS client certificate (PEM), for etcd --client-cert-auth')
    .option('--etcd-key <file>', "with --store: the client certificate's private key (PEM)")
    .option(
      '--etcd-user <user[:password]>',
      "with --store: etcd's own authentication (password also from $BERTH_ETCD_PASSWORD)",
    )
    .showHelpAfterError('(run berth --help for usage)')
    .configureOutput({ writeOut: (s) => app.io.out(s), writeErr: (s) => app.io.err(s) })
    .exitOverride()
}

/** Every command below `program` reports through the program's output and exit point. */
export function configureAll(program: Command): Command {
  const configure = (command: Command) => {
    command.exitOverride().configureOutput(program.configureOutput())
    command.commands.forEach(configure)
  }
  program.commands.forEach(configure)
  return program
}
