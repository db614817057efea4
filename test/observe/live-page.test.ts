import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { demoCopy } from '../e2e/berth-cli.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { scale, startListening } from './listening-daemon.js'

/** Debian's chromium. CI installs it (.ci/run); without it this test fails, it never skips. */
const CHROMIUM = '/usr/bin/chromium'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Where the test leaves its screenshots for a person to look at (git ignores it). */
const SHOTS = path.join(root, 'test-output')

/** The task cards of one service in one node's column. */
const cards = (page: Page, node: string, service: string) =>
  page.locator(`section.node[data-node="${node}"] article.task[data-service="${service}"]`)

describe('the live page at / in a real Chromium', () => {
  let browser: Browser
  let daemon: RunningDaemon | undefined
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
  })

  test('shows 4+4 tasks on node1/node2 and follows a scale within 2 s, without a reload', async () => {
    const dir = await demoCopy()
    const running = await startListening(dir)
    daemon = running.daemon
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } })
    await page.goto(`${running.url}/`)
    // Nodes as columns with their role, availability and plugins.
    await expect.poll(() => page.locator('section.node').count()).toBe(2)
    expect(await page.locator('section.node[data-node="node1"] .role').textContent()).toBe('manager')
    expect(await page.locator('section.node[data-node="node2"] .availability').textContent()).toBe('active')
    expect(await page.locator('section.node[data-node="node2"] .plugins').textContent()).toContain(
      'tiborvass/sample-volume-plugin:latest',
    )
    expect(await cards(page, 'node1', 'myservice').count()).toBe(4)
    expect(await cards(page, 'node2', 'myservice').count()).toBe(4)
    expect(await cards(page, 'node2', 'my-service').count()).toBe(1)
    expect(await cards(page, 'node1', 'myservice').first().textContent()).toContain('mrjana/simpleweb')
    // The event stream is open before the change, so what follows comes from it.
    // (Browser-side code as strings: the tests compile without the DOM types.)
    await page.waitForFunction("document.getElementById('live').textContent.startsWith('live')")
    await page.evaluate("window.marker = 'same page'")
    await mkdir(SHOTS, { recursive: true })
    await page.screenshot({ path: path.join(SHOTS, 'live-page-before.png'), fullPage: true })

    await scale(dir, 'myservice', 2)
    await page.waitForFunction(
      `document.querySelectorAll('article.task[data-service="myservice"]').length === 2`,
      undefined,
      { timeout: 2000 },
    )
    expect(await page.evaluate('window.marker')).toBe('same page')
    expect(await page.locator('#summary').textContent()).toContain('3 tasks running')
    await page.screenshot({ path: path.join(SHOTS, 'live-page-after.png'), fullPage: true })
    await page.close()
  })
})
