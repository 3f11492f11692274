// HTML_CodeSniffer (WCAG 2 AA) through pa11y, on every address given, in one Debian chromium.
// Usage: node pa11y-run.js WIDTH HEIGHT URL... ; prints one JSON object: address → issues
// (errors only: pa11y's default level). Used by tests/browser/test_phone.py.
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const [width, height, ...urls] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"],
  });
  const out = {};
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      const result = await pa11y(url, {
        browser, page, standard: "WCAG2AA", runners: ["htmlcs"], includeWarnings: false,
        viewport: { width: Number(width), height: Number(height) }, timeout: 60000,
      });
      out[url] = result.issues.map((i) => ({ code: i.code, message: i.message, selector: i.selector, context: i.context }));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => { process.stderr.write(String(err && err.stack || err) + "\n"); process.exit(2); });
