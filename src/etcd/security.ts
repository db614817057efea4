import { readFileSync } from 'node:fs'
import { EndpointError } from './endpoint.js'

/** How berth proves itself to etcd and checks etcd: TLS files as read, and a user. */
export interface EtcdSecurity {
  /** PEM: the CA that signed etcd's serving certificate (TLS on when any of the three is given). */
  readonly ca?: Buffer
  /** PEM: berth's client certificate and its key, for etcd's `--client-cert-auth`. */
  readonly cert?: Buffer
  readonly key?: Buffer
  /** etcd's own authentication (`etcdctl --user`). */
  readonly user?: { readonly name: string; readonly password: string }
}

/** The flags as commander gives them (`--etcd-cacert` …), and the environment. */
export interface SecurityFlags {
  readonly etcdCacert?: string
  readonly etcdCert?: string
  readonly etcdKey?: string
  readonly etcdUser?: string
}

/**
 * Reads the TLS files and the user the flags name; undefined when none is given. A file
 * that cannot be read, a certificate without its key, or a user without a password is a
 * usage error naming the flag. `BERTH_ETCD_PASSWORD` gives the password when `--etcd-user`
 * names only the user (so it stays out of the process list).
 */
export function readSecurity(flags: SecurityFlags, env: NodeJS.ProcessEnv): EtcdSecurity | undefined {
  const { etcdCacert, etcdCert, etcdKey, etcdUser } = flags
  if (etcdCert !== undefined && etcdKey === undefined)
    throw new EndpointError('--etcd-cert needs --etcd-key (the certificate’s private key)')
  if (etcdKey !== undefined && etcdCert === undefined)
    throw new EndpointError('--etcd-key needs --etcd-cert (the certificate it belongs to)')
  const security = {
    ...(etcdCacert !== undefined ? { ca: pem('--etcd-cacert', etcdCacert) } : {}),
    ...(etcdCert !== undefined ? { cert: pem('--etcd-cert', etcdCert) } : {}),
    ...(etcdKey !== undefined ? { key: pem('--etcd-key', etcdKey) } : {}),
    ...(etcdUser !== undefined ? { user: userOf(etcdUser, env) } : {}),
  }
  return Object.keys(security).length > 0 ? security : undefined
}

/** Whether the connection is TLS: any of the three files given. */
export function usesTls(security: EtcdSecurity | undefined): boolean {
  return security?.ca !== undefined || security?.cert !== undefined
}

function pem(flag: string, file: string): Buffer {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    throw new EndpointError(`${flag}: cannot read ${file}: ${(error as Error).message}`)
  }
  if (!bytes.includes('-----BEGIN ')) throw new EndpointError(`${flag}: ${file} is not a PEM file`)
  return bytes
}

function userOf(given: string, env: NodeJS.ProcessEnv): { name: string; password: string } {
  const colon = given.indexOf(':')
  const name = colon === -1 ? given : given.slice(0, colon)
  const password = colon === -1 ? env.BERTH_ETCD_PASSWORD : given.slice(colon + 1)
  if (name === '') throw new EndpointError('--etcd-user: the user name is empty')
  if (password === undefined || password === '')
    throw new EndpointError(
      `--etcd-user ${name}: no password (give --etcd-user ${name}:PASSWORD, or set BERTH_ETCD_PASSWORD)`,
    )
  return { name, password }
}
