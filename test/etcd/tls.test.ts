import { execFileSync } from 'node:child_process'
import { cpSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { EtcdCluster, EtcdTls } from '../../bench/etcd-cluster.js'
import { startEtcd } from '../../bench/etcd-cluster.js'
import { berthInProcess, cells } from '../cli/cli-harness.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'
import { cleanup, tempDir } from '../support/cluster.js'

/**
 * etcd as people run it beyond one laptop: TLS on its client port, and client certificates
 * required (`--client-cert-auth`). The certificates are made here with openssl (Debian's
 * `openssl`; a missing one fails these tests, as a missing etcd does).
 */
let certs: string
let tls: EtcdTls
let etcd: EtcdCluster
let daemon: RunningDaemon | undefined
let checkout: string

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' })
}

/** A key and a certificate for `name`, signed by the test CA, for `usage` (serverAuth, clientAuth). */
function signed(name: string, usage: string) {
  writeFileSync(
    path.join(certs, `${name}.ext`),
    `subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=${usage}\n`,
  )
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}-key.pem`)
  openssl('req', '-new', '-key', `${name}-key.pem`, '-subj', `/CN=${name}`, '-out', `${name}.csr`)
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  )
}

beforeAll(async () => {
  certs = tempDir()
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca-key.pem')
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca-key.pem',
    '-subj',
    '/CN=berth-test-ca',
    '-days',
    '2',
    '-out',
    'ca.pem',
  )
  signed('server', 'serverAuth')
  signed('client', 'clientAuth')
  const at = (f: string) => path.join(certs, f)
  tls = {
    ca: at('ca.pem'),
    cert: at('server.pem'),
    key: at('server-key.pem'),
    clientCert: at('client.pem'),
    clientKey: at('client-key.pem'),
  }
  etcd = await startEtcd(1, tls)
  checkout = tempDir()
  cpSync(new URL('../../manifests/', import.meta.url), checkout, { recursive: true })
}, 60_000)

afterAll(async () => {
  await daemon?.stop('SIGKILL')
  await etcd?.stop()
  if (certs) cleanup(certs)
  if (checkout) cleanup(checkout)
})

const tlsFlags = () => ['--etcd-cacert', tls.ca, '--etcd-cert', tls.clientCert, '--etcd-key', tls.clientKey]

/** `berth …` in-process, reading only from etcd (`--dir` names nothing). */
const berth = (...args: string[]) => berthInProcess([...args, '--dir', '/nonexistent/berth'], { cwd: certs })

describe('berth on an etcd that requires TLS and client certificates', () => {
  test('the daemon leads over TLS, and the reading commands read what it wrote', async () => {
    daemon = startWatch(checkout, ['--store', etcd.url(), '--lease-ttl', '3s', ...tlsFlags()])
    await waitFor(() => daemon?.log().includes('became the leader'), 30_000, 'the leader over TLS')
    await waitFor(
      async () => {
        const ls = await berth('service', 'ls', '--store', etcd.url(), ...tlsFlags())
        return ls.code === 0 && ls.out.includes('myservice')
      },
      30_000,
      'the services in etcd',
    )
    const ls = await berth('service', 'ls', '--store', etcd.url(), ...tlsFlags())
    expect(cells(ls.out).map((r) => r.slice(1, 4))).toEqual([
      ['NAME', 'MODE', 'REPLICAS'],
      ['my-service', 'replicated', '1/1'],
      ['myservice', 'replicated', '8/8'],
    ])
  })

  test('without a client certificate etcd refuses, and berth says it could not reach etcd', async () => {
    const { code, err } = await berth('get', 'nodes', '--store', etcd.url(), '--etcd-cacert', tls.ca)
    expect(code).toBe(1)
    expect(err).toContain(`cannot reach etcd at https://${etcd.members[0]}`)
  })

  test('the watch refuses to start without TLS where etcd wants it', async () => {
    // Another checkout: the leader above holds this one's lock.
    const other = tempDir()
    cpSync(checkout, other, { recursive: true })
    const { code, err } = await berthInProcess(['watch', '--dir', other, '--store', etcd.url()], {
      cwd: other,
    }).finally(() => cleanup(other))
    expect(code).toBe(1)
    expect(err).toContain(`cannot reach etcd at http://${etcd.members[0]}`)
  })
})

describe('the --etcd-… flags are checked before anything starts', () => {
  test.each([
    [['--etcd-cacert', '/nonexistent/ca.pem'], '--etcd-cacert: cannot read /nonexistent/ca.pem'],
    [['--etcd-cert', '/x.pem'], '--etcd-cert needs --etcd-key'],
    [['--etcd-user', 'root'], '--etcd-user root: no password'],
  ])('%j', async (flags, message) => {
    const { code, err } = await berth('get', 'nodes', '--store', 'etcd://127.0.0.1:1', ...flags)
    expect(code).toBe(2)
    expect(err).toContain(message)
  })

  test('a file that is not PEM is named', async () => {
    const notPem = path.join(certs, 'not.pem')
    writeFileSync(notPem, 'hello')
    const { code, err } = await berth(
      'get',
      'nodes',
      '--store',
      'etcd://127.0.0.1:1',
      '--etcd-cacert',
      notPem,
    )
    expect(code).toBe(2)
    expect(err).toContain(`--etcd-cacert: ${notPem} is not a PEM file`)
  })

  test('without --store they are a usage error', async () => {
    const { code, err } = await berth('get', 'nodes', '--etcd-cacert', tls.ca)
    expect(code).toBe(2)
    expect(err).toContain('--etcd-cacert needs --store etcd://…')
  })
})

test('an etcd that checks no client certificate is reached with --etcd-cacert alone', {
  timeout: 60_000,
}, async () => {
  const serverOnly = await startEtcd(1, { ...tls, clientCertAuth: false })
  try {
    const url = serverOnly.url('/server-only')
    const ok = await berth('get', 'nodes', '--store', url, '--etcd-cacert', tls.ca)
    expect(ok.err).toBe('No resources found.\n')
    expect(ok.code).toBe(0)
    // Without the flag, berth speaks plain HTTP to a TLS port: refused, never read in clear.
    const plain = await berth('get', 'nodes', '--store', url)
    expect(plain.code).toBe(1)
    expect(plain.err).toContain(`cannot reach etcd at http://${serverOnly.members[0]}`)
  } finally {
    await serverOnly.stop()
  }
})
