import { existsSync } from 'node:fs'
import type { ServerHandle } from 'phial'
import { serve } from 'phial/node'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newBlog } from './_blog.ts'

// Debian's Chromium, installed by .ci/run. Locally a missing browser skips this file with a note; in CI
// (CI=true) it fails, so the browser test can never silently stop running.
const CHROMIUM = '/usr/bin/chromium'
// The one skip in the suite: a developer machine without Debian's Chromium skips (with a warning)
// rather than fail; under CI (CI set) the test runs and fails if Chromium is missing.
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && !process.env.CI)
  console.warn(`skipping the browser test: no ${CHROMIUM} (apt-get install chromium)`)

describe.skipIf(!hasChromium && !process.env.CI)('examples/blog in headless Chromium', () => {
  let server: ServerHandle
  let browser: Browser

  beforeAll(async () => {
    if (!hasChromium)
      throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`)
    server = await serve(await newBlog(), { port: 0, host: '127.0.0.1' })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  }, 30_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('logs in through the form, publishes a post and sees the flash message and the post', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } })
    await page.goto(`${server.url}/`)
    expect(await page.title()).toBe('Posts · phial blog')
    // The stylesheet from static/ is applied: the header is laid out as a flex row.
    expect(await page.locator('header.site').evaluate((el) => getComputedStyle(el).display)).toBe('flex')

    await page.getByRole('link', { name: 'Log in' }).click()
    await page.getByLabel('Username').fill('ada')
    await page.getByLabel('Password').fill('not her password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.locator('.flash.error').textContent()).toBe('Wrong username or password.')

    await page.getByLabel('Password').fill('lovelace1843')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.locator('.flash.success').textContent()).toBe('Welcome back, ada.')

    await page.getByRole('link', { name: 'New post' }).click()
    await page.getByLabel('Title').fill('Notes on the Analytical Engine')
    await page
      .getByLabel('Text')
      .fill('It weaves algebraic patterns\n\njust as the Jacquard loom weaves flowers.')
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.waitForURL(/\/posts\/2$/)
    expect(await page.locator('.flash.success').textContent()).toBe(
      'Published “Notes on the Analytical Engine”.',
    )
    expect(await page.locator('article h1').textContent()).toBe('Notes on the Analytical Engine')

    await page.getByRole('link', { name: '← All posts' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.locator('.flash').count()).toBe(0) // flashed once, then gone
    expect(await page.locator('article h2').allTextContents()).toEqual([
      'Notes on the Analytical Engine',
      'Hello from phial',
    ])

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.locator('.flash.success').textContent()).toBe('You have logged out.')
    expect(await page.locator('article h2').first().textContent()).toBe('Notes on the Analytical Engine')
    // The home page with the new post and a flash message, for a person to look at.
    if (process.env.BLOG_SCREENSHOT)
      await page.screenshot({ path: process.env.BLOG_SCREENSHOT, fullPage: true })
  }, 30_000)
})
