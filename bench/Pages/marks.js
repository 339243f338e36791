// Added to every page of the bench's browser before the page's own scripts (Playwright init script,
// so the page's Content-Security-Policy does not apply). Records, in performance.now() ms since the
// navigation started, when each stage of a page load first happened:
//   wsOpen      the circuit's WebSocket opened (blazor.web.js connected to /_blazor)
//   interactive the server's first call into the page (BrowserContext asks for the time zone once the
//               page rendered interactively on its circuit; the data queries wait for that answer)
//   data        the page's data is on screen (KPI cards, ranking rows, the calls count and rows)
//   firstChart  the first chart reports data-chart-state=ready (overview)
//   charts      every chart on the page reports ready (overview; how many in chartCount)
// window.__bench.done turns true when the last stage of this page happened.
(() => {
  const b = (window.__bench = { marks: {}, done: false, chartCount: 0, empty: false });
  const mark = k => { if (!(k in b.marks)) b.marks[k] = performance.now(); };

  let dashboard;
  Object.defineProperty(window, 'miitelDashboard', {
    configurable: true,
    get: () => dashboard,
    set: v => {
      if (v && typeof v.browserInfo === 'function') {
        const browserInfo = v.browserInfo;
        v.browserInfo = (...a) => { mark('interactive'); return browserInfo(...a); };
      }
      dashboard = v;
    },
  });

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...a) {
      super(...a);
      this.addEventListener('open', () => mark('wsOpen'), { once: true });
    }
  };

  const text = s => document.querySelector(s)?.textContent ?? '';
  const path = location.pathname.replace(/\/$/, '') || '/';
  const withCharts = path === '/';
  const shown = {
    '/': () => /\d/.test(text('[data-testid=kpi-calls] [data-testid=kpi-value]')),
    '/users': () => !!document.querySelector('[data-testid=ranking-row]'),
    '/circuits': () => !!document.querySelector('[data-testid=ranking-row]'),
    '/calls': () => /\d/.test(text('[data-testid=calls-total]')) && !!document.querySelector('[data-testid=call-link]'),
  }[path] ?? (() => false);

  // A period without calls shows its empty state instead; only the live page's answer counts (the
  // calls grid shows its "no records" state before its first load, the count then says 0 calls).
  const noCalls = {
    '/': () => !!document.querySelector('[data-testid=connect-miitel]'),
    '/users': () => !!document.querySelector('[data-testid=empty-state], [data-testid=connect-miitel]'),
    '/circuits': () => !!document.querySelector('[data-testid=empty-state], [data-testid=connect-miitel]'),
    '/calls': () => text('[data-testid=calls-total]').replace(/\D/g, '') === '0' && !!document.querySelector('[data-testid=empty-state]'),
  }[path] ?? (() => false);

  const check = () => {
    if (!('data' in b.marks)) {
      if (shown()) mark('data');
      else if ('interactive' in b.marks && noCalls()) { b.empty = true; mark('data'); }
    }
    if (withCharts && 'data' in b.marks && !b.empty) {
      const charts = document.querySelectorAll('.apex-chart');
      const ready = document.querySelectorAll('.apex-chart[data-chart-state=ready]');
      if (ready.length > 0) mark('firstChart');
      if (charts.length > 0 && ready.length === charts.length) { b.chartCount = charts.length; mark('charts'); }
    }
    const last = withCharts && !b.empty ? 'charts' : 'data';
    if (last in b.marks) { b.done = true; observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
