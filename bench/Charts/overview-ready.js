// Seconds from navigation until every chart of a page reports data-chart-state=ready, in Debian's
// Chromium. Usage (after `npm ci` in this folder, against a running app):
//   node overview-ready.js "http://127.0.0.1:5090/?period=all" [charts=6]
// Prints the elapsed time each second until the charts are ready (a page busy drawing cannot even
// answer the poll: that shows as "evaluate timed out").
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Tokyo' })).newPage();
  page.on('console', m => console.log('console', m.type(), m.text().slice(0, 200)));
  const t0 = Date.now();
  await page.goto(process.argv[2]);
  for (let i = 0; i < 20; i++) {
    const r = await Promise.race([page.evaluate(() => [...document.querySelectorAll('[data-chart-state]')].map(e => e.dataset.chartState).join(',') + ' | points:' + document.querySelectorAll('.apexcharts-series path, .apexcharts-bar-area').length), new Promise(r => setTimeout(() => r('evaluate timed out'), 5000))]);
    console.log(((Date.now() - t0) / 1000).toFixed(1) + 's', r);
    if (String(r).split(' |')[0].split(',').filter(x => x === 'ready').length >= Number(process.argv[3] ?? 6)) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  await browser.close();
})();
