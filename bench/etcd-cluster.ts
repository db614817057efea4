import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Etcd3 } from 'etcd3'

/** Real etcd members on loopback ports, each with a temporary data dir: for the etcd tests and `npm run bench`. */
export interface EtcdCluster {
  /** `host:port` of each member's client URL, in member order. */
  readonly members: readonly string[]
  /** `etcd://…` naming every member, with `prefix`. */
  url(prefix?: string): string
  /** Sends a signal to one member (SIGKILL: it is gone). */
  signal(index: number, signal: NodeJS.Signals): void
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Starts `size` etcd members (Debian's `etcd-server`) as one cluster and waits
 * until it serves. No etcd on the PATH is an error, never a skip: the etcd
 * tests must fail where etcd is missing (CI installs it).
 */
/** TLS for the members' client URLs: PEM files of the CA, the server's certificate and key, and a client's. */
export interface EtcdTls {
  readonly ca: string
  readonly cert: string
  readonly key: string
  /** A certificate the CA signed for clients (etcd runs with `--client-cert-auth`). */
  readonly clientCert: string
  readonly clientKey: string
  /** False: etcd asks no client for a certificate (TLS checks only the server). Default true. */
  readonly clientCertAuth?: boolean
}

export async function startEtcd(size = 1, tls?: EtcdTls): Promise<EtcdCluster> {
  const ports = await Promise.all(Array.from({ length: size * 2 }, freePort))
  const names = Array.from({ length: size }, (_, i) => `m${i}`)
  const peer = (i: number) => `http://127.0.0.1:${ports[2 * i + 1]}`
  const client = (i: number) => `127.0.0.1:${ports[2 * i]}`
  const scheme = tls ? 'https' : 'http'
  const tlsFlags = tls
    ? [
        `--cert-file=${tls.cert}`,
        `--key-file=${tls.key}`,
        ...(tls.clientCertAuth === false ? [] : ['--client-cert-auth', `--trusted-ca-file=${tls.ca}`]),
      ]
    : []
  const initial = names.map((n, i) => `${n}=${peer(i)}`).join(',')
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-etcd-'))
  const procs: ChildProcess[] = []
  const logs: string[] = names.map(() => '')
  const failures: Promise<never>[] = []
  names.forEach((name, i) => {
    const child = spawn(
      process.env.ETCD_BIN ?? 'etcd',
      [
        `--name=${name}`,
        `--data-dir=${join(dataDir, name)}`,
        `--listen-client-urls=${scheme}://${client(i)}`,
        `--advertise-client-urls=${scheme}://${client(i)}`,
        ...tlsFlags,
        `--listen-peer-urls=${peer(i)}`,
        `--initial-advertise-peer-urls=${peer(i)}`,
        `--initial-cluster=${initial}`,
        '--initial-cluster-state=new',
        `--initial-cluster-token=berth-test-${ports[0]}`,
        '--log-level=error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    child.stderr?.on('data', (d) => {
      logs[i] += d
    })
    failures.push(
      new Promise<never>((_, reject) => {
        child.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'ENOENT'
              ? new Error("etcd is not installed: install Debian's etcd-server (apt-get install etcd-server)")
              : error,
          ),
        )
      }),
    )
    procs.push(child)
  })
  const stop = async () => {
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve()
            p.once('exit', () => resolve())
            p.kill('SIGKILL')
          }),
      ),
    )
    rmSync(dataDir, { recursive: true, force: true })
  }
  let abandoned = false
  const ready = (async () => {
    const etcd = new Etcd3({
      hosts: names.map((_, i) => `${scheme}://${client(i)}`),
      ...(tls
        ? {
            credentials: {
              rootCertificate: readFileSync(tls.ca),
              certChain: readFileSync(tls.clientCert),
              privateKey: readFileSync(tls.clientKey),
            },
          }
        : {}),
    })
    try {
      const deadline = Date.now() + 30_000
      while (!abandoned) {
        try {
          await etcd.put('/berth-test/ready').value('1').exec()
          return
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`etcd did not start: ${error}\n${logs.join('\n')}`)
          await new Promise((r) => setTimeout(r, 100))
        }
      }
    } finally {
      etcd.close()
    }
  })()
  try {
    await Promise.race([ready, ...failures])
  } catch (error) {
    abandoned = true
    await stop()
    throw error
  }
  const members = names.map((_, i) => client(i))
  return {
    members,
    url: (prefix = '/berth') => `etcd://${members.join(',')}${prefix}`,
    signal: (index, signal) => procs[index]?.kill(signal),
    stop,
  }
}
