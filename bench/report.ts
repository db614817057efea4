import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Figure } from './figure.js'

/** The machine a run was made on, for the report. */
export function machine() {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  }
}

const fmt = (n: number | undefined, unit = '') => {
  if (n === undefined || Number.isNaN(n)) return '—'
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2
  return `${n.toLocaleString('en-US', { maximumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`
}

/** The table printed at the end of a run (also pasted into BENCHMARKS.md). */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    fmt(f.value, f.unit),
    f.floor === undefined ? '—' : `${fmt(f.floor, f.floorUnit)} (${f.floorName})`,
    f.ratio === undefined ? '—' : `${fmt(f.ratio)}×`,
    f.target,
    f.met === undefined ? '—' : f.met ? 'met' : 'MISSED',
  ])
  const head = ['figure', 'measured', 'floor', 'ratio', 'target', '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

export async function writeReport(
  file: string,
  figures: readonly Figure[],
  extra: Record<string, unknown>,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const report = { date: new Date().toISOString(), machine: machine(), ...extra, figures }
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
}
