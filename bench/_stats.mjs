// Small statistics and Markdown helpers shared by the benches.
import { execSync } from 'node:child_process'
import os from 'node:os'

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** `{ median, best, spread }` of throughput samples; spread is (max − min) as % of the median. */
export const summarise = (xs) => {
  const med = median(xs)
  return { median: med, best: Math.max(...xs), spread: ((Math.max(...xs) - Math.min(...xs)) / med) * 100 }
}

/**
 * The median of per-round ratios a[i] ÷ b[i]: cells measured moments apart share the machine's state,
 * so pairing them cancels the slow drifts a shared VM has (median ÷ median does not).
 */
export const pairedRatio = (a, b) => {
  const rs = []
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] > 0 && b[i] > 0) rs.push(a[i] / b[i])
  return rs.length ? median(rs) : Number.NaN
}

/** Appends `value` to the list at `into[a][b]`, creating what is missing. */
export const append = (into, a, b, value) => {
  into[a] ??= {}
  into[a][b] ??= []
  into[a][b].push(value)
}

/**
 * The server processes measured in `round` when each framework runs as `copies` processes: copy
 * round mod copies of every framework, so each layout's luck is spread over the rounds.
 */
export const copiesFor = (servers, round, copies) => servers.filter((srv) => srv.copy === round % copies)

/** Rotates `xs` left by `k`, so each item leads some round. */
export const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length])

export const num = (x) => Math.round(x).toLocaleString('en-US')
export const ratio = (a, b) => (b ? (a / b).toFixed(2) : '–')

export const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')

/** One line saying where and how the numbers were taken. */
export const environment = () => {
  const sh = (cmd) => {
    try {
      return execSync(cmd, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim()
    } catch {
      return '?'
    }
  }
  const cpu = os.cpus()[0]?.model ?? '?'
  return `Node ${process.version}, ${os.availableParallelism()} × ${cpu}, load ${os.loadavg()[0].toFixed(2)}, commit ${sh('git rev-parse --short HEAD')}${sh('git status --porcelain src') ? ' (src dirty)' : ''}`
}

export const stamp = () => new Date().toISOString().slice(0, 16).replace(':', '')
