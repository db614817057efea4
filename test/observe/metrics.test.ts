import path from 'node:path'
import type { MetricFamily } from 'parse-prometheus-text-format'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { afterEach, describe, expect, test } from 'vitest'
import { berth, demoCopy, edit, runningTasks } from '../e2e/berth-cli.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'
import { scale, startListening } from './listening-daemon.js'

/** One scrape of `/metrics`, parsed by an independent Prometheus text-format parser. */
async function scrape(url: string): Promise<Map<string, MetricFamily>> {
  const res = await fetch(`${url}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return new Map(parsePrometheusTextFormat(await res.text()).map((f) => [f.name, f]))
}

/** The value of the sample whose labels include `labels`. */
function value(
  families: Map<string, MetricFamily> | undefined,
  name: string,
  labels: Record<string, string> = {},
) {
  const family = families?.get(name)
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
  return sample?.value === undefined ? undefined : Number(sample.value)
}

describe('berth watch --listen', () => {
  let daemon: RunningDaemon | undefined
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
  })

  test('/metrics is valid Prometheus text with berth and process metrics; a scale moves them', async () => {
    const dir = await demoCopy()
    const running = await startListening(dir)
    daemon = running.daemon
    const before = await scrape(running.url)
    expect(before.get('berth_reconcile_total')?.type).toBe('COUNTER')
    expect(before.get('berth_reconcile_duration_seconds')?.type).toBe('HISTOGRAM')
    expect(before.get('berth_workqueue_depth')?.type).toBe('GAUGE')
    expect(before.get('process_cpu_user_seconds_total')?.type).toBe('COUNTER')
    expect(before.get('nodejs_heap_size_used_bytes')?.type).toBe('GAUGE')
    expect(value(before, 'berth_build_info')).toBe(1)
    expect(before.get('berth_build_info')?.metrics[0]?.labels?.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(value(before, 'berth_files_watched')).toBe(7)
    expect(value(before, 'berth_service_replicas', { service: 'myservice', state: 'desired' })).toBe(8)
    expect(value(before, 'berth_service_replicas', { service: 'myservice', state: 'running' })).toBe(8)
    expect(value(before, 'berth_service_replicas', { service: 'myservice', state: 'pending' })).toBe(0)
    expect(
      value(before, 'berth_resource_condition', {
        kind: 'Plugin',
        name: 'weave2',
        type: 'Ready',
        status: 'True',
      }),
    ).toBe(1)
    expect(
      value(before, 'berth_resource_condition', {
        kind: 'Plugin',
        name: 'weave2',
        type: 'Ready',
        status: 'False',
      }),
    ).toBe(0)
    // The parser keeps a histogram's buckets (not its labels): every series ends in +Inf, and counted something.
    const histograms = before.get('berth_reconcile_duration_seconds')?.metrics ?? []
    expect(histograms.length).toBeGreaterThan(0)
    for (const h of histograms) expect(Object.keys(h.buckets ?? {})).toContain('+Inf')
    expect(histograms.some((h) => Number(h.buckets?.['+Inf']) > 0)).toBe(true)
    const text = await (await fetch(`${running.url}/metrics`)).text()
    for (const kind of ['Plugin', 'Node', 'Volume', 'Network', 'Service'])
      expect(
        Number(
          new RegExp(`^berth_reconcile_duration_seconds_count\\{controller="${kind}"\\} (\\d+)$`, 'm').exec(
            text,
          )?.[1],
        ),
      ).toBeGreaterThan(0)
    const serviceReconciles = value(before, 'berth_reconcile_total', {
      controller: 'Service',
      result: 'success',
    })

    await scale(dir, 'myservice', 2)
    const after = await waitFor(
      async () => {
        const m = await scrape(running.url)
        return value(m, 'berth_service_replicas', { service: 'myservice', state: 'running' }) === 2
          ? m
          : undefined
      },
      10_000,
      'running=2 in /metrics',
    )
    expect(value(after, 'berth_service_replicas', { service: 'myservice', state: 'desired' })).toBe(2)
    expect(
      value(after, 'berth_reconcile_total', { controller: 'Service', result: 'success' }),
    ).toBeGreaterThan(serviceReconciles ?? 0)
    expect(value(after, 'berth_workqueue_depth', { controller: 'Service' })).toBe(0)
    // `berth scale` writes the status with the spec; a hand edit leaves the status to the daemon.
    const beforeEdit = value(await scrape(running.url), 'berth_file_writes_total', { result: 'written' }) ?? 0
    const file = path.join(dir, 'services/myservice.yaml')
    await edit(file, 'replicas: 2', 'replicas: 3')
    await waitFor(async () => (await runningTasks(file)).tasks.length === 3, 10_000, 'the status in the file')
    const edited = await waitFor(
      async () => {
        const m = await scrape(running.url)
        return (value(m, 'berth_file_writes_total', { result: 'written' }) ?? 0) > beforeEdit ? m : undefined
      },
      10_000,
      'the status write counted in /metrics',
    )
    expect(value(edited, 'berth_service_replicas', { service: 'myservice', state: 'running' })).toBe(3)
    expect(value(edited, 'berth_file_writes_total', { result: 'failed' })).toBe(0)
  })

  test('/healthz and /readyz answer once the first round is done; unknown paths are 404', async () => {
    const running = await startListening(await demoCopy())
    daemon = running.daemon
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200)
    const ready = await fetch(`${running.url}/readyz`)
    expect([ready.status, await ready.text()]).toEqual([200, 'ready\n'])
    expect((await fetch(`${running.url}/nope`)).status).toBe(404)
    expect((await fetch(`${running.url}/metrics`, { method: 'POST' })).status).toBe(405)
  })

  test('a bind beyond loopback without a token refuses to start (exit 2)', async () => {
    const dir = await demoCopy()
    const result = await berth(['watch', '--dir', dir, '--listen', '0.0.0.0:0'], { BERTH_LISTEN_TOKEN: '' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('reachable from other machines: set --listen-token')
    const bad = await berth(['watch', '--dir', dir, '--listen', 'nowhere'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('expected HOST:PORT')
  })

  test('with a token, every request without it is refused (401), with it served', async () => {
    const dir = await demoCopy()
    const running = await startListening(dir, '0.0.0.0:0', { BERTH_LISTEN_TOKEN: 's3cret-token' })
    daemon = running.daemon
    for (const path of ['/metrics', '/healthz', '/readyz', '/', '/events']) {
      const res = await fetch(`${running.url}${path}`)
      expect(res.status, path).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
    }
    const wrong = await fetch(`${running.url}/metrics`, { headers: { authorization: 'Bearer s3cret-tokeN' } })
    expect(wrong.status).toBe(401)
    const right = await fetch(`${running.url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } })
    expect(right.status).toBe(200)
    expect(await right.text()).toContain('berth_reconcile_total')
    // A browser's login prompt: the token as the password.
    const basic = `Basic ${Buffer.from('anyone:s3cret-token').toString('base64')}`
    expect((await fetch(`${running.url}/readyz`, { headers: { authorization: basic } })).status).toBe(200)
  })

  test('a loopback bind with a token also demands it', async () => {
    const running = await startListening(await demoCopy(), '127.0.0.1:0', { BERTH_LISTEN_TOKEN: 'tok' })
    daemon = running.daemon
    expect((await fetch(`${running.url}/healthz`)).status).toBe(401)
    expect((await fetch(`${running.url}/healthz`, { headers: { authorization: 'Bearer tok' } })).status).toBe(
      200,
    )
  })
})

test('a daemon without --listen opens no port and logs no URL', async () => {
  const d = startWatch(await demoCopy())
  try {
    await waitFor(() => d.log().includes('watching '), 15_000, 'the first round')
    expect(d.log()).not.toContain('serving metrics')
  } finally {
    await d.stop('SIGKILL')
  }
})
