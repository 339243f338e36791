// One apexcharts instance per Blazor ApexChart component. apexcharts ships as a UMD bundle
// (copied from npm into wwwroot/lib at build), loaded once per page on first use.
let loading;
let localeLoading;
// apexcharts' own words (toolbar, month and day names on time axes) in the page's language: its
// ja locale file (copied from npm with the library), passed as chart.locales + chart.defaultLocale.
let pageLocale = null;

// The dashboard's language is the page's (<html lang>, from the server's culture), not the browser's.
const japanese = () => document.documentElement.lang === 'ja';

function loadLibrary() {
    if (japanese()) {
        localeLoading ??= fetch(new URL('lib/apexcharts/locales/ja.json', document.baseURI).href)
            .then(r => r.ok ? r.json() : null).then(l => { pageLocale = l; }).catch(() => {});
    }
    const library = window.ApexCharts ? Promise.resolve(window.ApexCharts) : (loading ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = new URL('lib/apexcharts/apexcharts.min.js', document.baseURI).href;
        script.onload = () => resolve(window.ApexCharts);
        script.onerror = () => { loading = undefined; reject(new Error('apexcharts could not be loaded')); };
        document.head.appendChild(script);
    }));
    return Promise.all([library, localeLoading]).then(([apex]) => apex);
}

// Numbers in the browser's culture, as Formats writes them; a Japanese page in a browser of another
// language writes Japanese formats (BrowserContext.Resolve does the same).
const locale = () => japanese() && !(navigator.language || '').startsWith('ja') ? 'ja-JP' : (navigator.language || 'en');

// Axis ticks and tooltips need their formatters in the browser. Durations must read exactly as
// Formats.Duration writes them on the pages (m:ss, h:mm:ss): the browser test
// ChartDurations_AreWrittenAsThePagesWriteThem holds the two to the same output. Numbers and
// percentages on axes drop trailing zeros ("40%"), which the pages' fixed decimals do not.
export function formatter(kind) {
    const lang = locale();
    switch (kind) {
        case 'percent': {
            const f = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
            return v => v == null || Number.isNaN(v) ? '—' : f.format(v);
        }
        case 'decimal': {
            const f = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
            return v => v == null || Number.isNaN(v) ? '—' : f.format(v);
        }
        case 'duration':
            return v => {
                if (v == null || Number.isNaN(v)) return '—';
                const s = Math.round(v), m = Math.floor(s / 60), r = s % 60;
                if (japanese()) return m >= 60 ? `${Math.floor(m / 60)}時間${m % 60}分${r}秒` : m > 0 ? `${m}分${r}秒` : `${r}秒`;
                return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
            };
        default: {
            const f = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
            return v => v == null || Number.isNaN(v) ? '—' : f.format(v);
        }
    }
}

// Turns the JSON from C# into apexcharts options: formatters are functions, so they are
// installed here from the "valueFormat" hint.
function prepare(json, element) {
    const o = JSON.parse(json);
    if (pageLocale) o.chart = { ...o.chart, locales: [pageLocale], defaultLocale: pageLocale.name };
    const kind = o.valueFormat;
    delete o.valueFormat;
    const fmt = formatter(kind);
    const type = o.chart?.type;
    if (type === 'donut') {
        o.tooltip = { ...o.tooltip, y: { formatter: fmt } };
        o.dataLabels = { ...o.dataLabels, formatter: (pct) => formatter('percent')(pct / 100) };
    } else if (type === 'rangeBar') {
        o.xaxis = { ...o.xaxis, labels: { formatter: fmt } };
        // apexcharts 4.x runs the row's name through the x formatter unless the tooltip has its own
        // ("Operator" came out as "NaN:NaN"); the start and end still go through the y formatter.
        o.tooltip = { ...o.tooltip, x: { formatter: v => v }, y: { formatter: fmt } };
    } else if (type === 'heatmap') {
        o.tooltip = { ...o.tooltip, y: { formatter: fmt } };
        o.dataLabels = { ...o.dataLabels, formatter: fmt };
    } else {
        o.yaxis = { ...o.yaxis, labels: { ...(o.yaxis?.labels ?? {}), formatter: fmt } };
        o.tooltip = { ...o.tooltip, y: { formatter: fmt } };
        if (o.dataLabels?.enabled) o.dataLabels.formatter = fmt;
    }
    // About one label per 70 px of width: a date label in Japanese or English needs ~55 px. A heatmap's
    // hour labels (0–23) need ~28 px each: narrower, they ran together as "101112…" at 1280 px.
    const width = element?.clientWidth || 840;
    thinCategoryLabels(o, type === 'heatmap' ? Math.floor(width / 28) : Math.max(4, Math.floor(width / 70)));
    withoutEntryAnimationWhenLarge(o);
    asAreaWhenTooManyBars(o);
    asText(o);
    return o;
}

const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = v => String(v ?? '').replace(/[&<>"']/g, c => entities[c]);

// apexcharts writes tooltips (title, series name, value; the rangeBar tooltip too) and legend entries
// with innerHTML, and names come from data: circuits, users, tags. Everything that reaches those places
// passes through the formatters below, last, and is escaped once there, so a name reads as the text it
// is. Axis and data labels are SVG text nodes, which never parse markup: escaping them would show "&lt;".
function asText(o) {
    const x = o.tooltip?.x?.formatter ?? (v => v);
    const y = o.tooltip?.y?.formatter ?? (v => v);
    o.tooltip = {
        ...o.tooltip,
        x: { ...o.tooltip?.x, formatter: (v, opts) => escapeHtml(x(v, opts)) },
        y: {
            ...o.tooltip?.y,
            formatter: (v, opts) => escapeHtml(y(v, opts)),
            // apexcharts' own title formatter, escaped.
            title: { formatter: name => (name ? `${escapeHtml(name)}: ` : '') },
        },
    };
    o.legend = { ...o.legend, formatter: name => escapeHtml(name) };
}

// Thirty or ninety day labels do not fit under a chart: show about a dozen, evenly spaced,
// and keep the full label in the tooltip.
function thinCategoryLabels(o, maxLabels) {
    const full = o.xaxis?.categories;
    if (full && full.length > maxLabels && o.chart?.type !== 'heatmap') {
        // apexcharts 4.x lays out and measures every category label, blank or not (a forced layout
        // each, plus a hidden copy per label): the overview of a year spent seconds on its axes. On a
        // numeric axis of day indexes it draws only the ticks asked for, each named by its day
        // (today included, as the last tick); the tooltip still names every point.
        const last = full.length - 1;
        const { categories: _, ...xaxis } = o.xaxis;
        o.xaxis = {
            ...xaxis,
            type: 'numeric',
            min: 0,
            max: last,
            tickAmount: Math.min(maxLabels, last),
            labels: { ...(xaxis.labels ?? {}), rotate: 0, hideOverlappingLabels: false, formatter: v => full[Math.round(v)] ?? '' },
        };
        o.series = (o.series ?? []).map(s => ({ ...s, data: (s.data ?? []).map((p, i) => p !== null && typeof p === 'object' ? { ...p, x: i } : { x: i, y: p }) }));
        o.tooltip = { ...o.tooltip, x: { formatter: (v, opts) => full[opts?.dataPointIndex] ?? full[Math.round(v)] ?? '' } };
        return;
    }
    // Points that carry their own x (no categories array): thin through the label formatter.
    const xs = (o.series?.[0]?.data ?? []).map(p => p?.x).filter(x => typeof x === 'string');
    if (xs.length <= maxLabels) return;
    const step = Math.ceil(xs.length / maxLabels);
    o.xaxis = {
        ...o.xaxis,
        labels: { ...(o.xaxis?.labels ?? {}), rotate: 0, hideOverlappingLabels: false, formatter: (v, _raw, opts) => { const i = opts?.i ?? xs.indexOf(v); return i < 0 || i % step === 0 ? v : ''; } },
    };
    o.tooltip = { ...o.tooltip, x: { formatter: v => v } };
}

// apexcharts 4.x animates every bar and point through svg.js, dispatching events per element on
// every frame: the overview of a year (3 × 365 stacked bars and four day series) kept the browser
// busy ~8–10 s where 7.x took ~2.5 s (docs/PERFORMANCE.md, "Charts on apexcharts 4.7.0"). A first
// draw never animates (see draw); an update that changes the options animates unless the chart has
// hundreds of points, whose movement shows nothing a reader can follow.
const MaxAnimatedPoints = 200;

function withoutEntryAnimationWhenLarge(o) {
    const points = (o.series ?? []).reduce((n, s) => n + (Array.isArray(s?.data) ? s.data.length : 1), 0);
    if (points > MaxAnimatedPoints) o.chart = { ...o.chart, animations: { ...(o.chart?.animations ?? {}), enabled: false } };
}

// apexcharts 4.x gives every bar a hidden group and, after drawing each bar, shows all such groups
// again: n bars cost n² DOM updates. Three years of daily stacked bars (3 × 1,074) kept the browser
// busy ~20 s. Past this many bars a vertical bar chart is drawn as an area chart of the same series
// and colours, which costs one path per series — and a bar a couple of pixels wide reads no better.
const MaxBars = 400;

function asAreaWhenTooManyBars(o) {
    if (o.chart?.type !== 'bar' || o.plotOptions?.bar?.horizontal) return;
    const bars = (o.series ?? []).reduce((n, s) => n + (Array.isArray(s?.data) ? s.data.length : 0), 0);
    if (bars > MaxBars) o.chart = { ...o.chart, type: 'area' };
}

// A page's charts draw one after another, each in its own task, and a visible page paints between
// two: six charts created at once ran as one long task, so none showed until all were drawn
// (bench/Pages: the overview's first and last chart appeared together, ~760 ms after its figures).
let drawing = Promise.resolve();

function nextFrame() {
    if (document.visibilityState !== 'visible') return Promise.resolve();
    return new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function oneAtATime(step) {
    const run = drawing.catch(() => {}).then(step);
    drawing = run.catch(() => {}).then(nextFrame);
    return run;
}

function withoutSeries(json) {
    const o = JSON.parse(json);
    delete o.series;
    return JSON.stringify(o);
}

/** Updates closer together than this are part of a burst and are drawn without animation. */
const calmMs = 5000;

/**
 * A live update is drawn once no other came for this long, and at least every maxSettleMs: the page's
 * figures change at once, its charts a moment later, and a burst redraws each chart a few times instead
 * of on every refresh. Drawing charts was most of what an open overview cost the browser in a burst
 * (bench/Live, Chromium's timeline: ~70 ms and a dozen forced layouts per chart).
 */
const settleMs = 1000;
const maxSettleMs = 6000;

// Work that live calls cause (see LiveRender.cs) waits while nobody can see the chart: scrolled out of
// view, or the tab in the background. The chart keeps the latest options and draws once, without
// animation, when it comes within this margin of the window or the tab is shown again; printing draws
// every waiting chart first. Charts the user's own actions draw (page load, filters) draw at once.
const margin = 200;
const waiting = new Map();
const observer = new IntersectionObserver(entries => {
    for (const entry of entries) if (entry.isIntersecting) drawWaiting(entry.target);
}, { rootMargin: `${margin}px` });

function canBeSeen(element) {
    if (document.visibilityState === 'hidden') return false;
    const r = element.getBoundingClientRect();
    return r.width > 0 && r.bottom > -margin && r.top < innerHeight + margin && r.right > -margin && r.left < innerWidth + margin;
}

function drawWaiting(element, evenUnseen = false) {
    const draw = waiting.get(element);
    if (!draw || !(evenUnseen || canBeSeen(element))) return;
    forget(element);
    draw();
}

function forget(element) {
    waiting.delete(element);
    observer.unobserve(element);
    delete element.dataset.waiting;
}

document.addEventListener('visibilitychange', () => { for (const element of [...waiting.keys()]) drawWaiting(element); });
addEventListener('beforeprint', () => { for (const element of [...waiting.keys()]) drawWaiting(element, true); });

export async function create(element, json, live) {
    const ApexCharts = await loadLibrary();
    let chart = null;
    let drawn = null;
    let destroyed = false;
    // A chart counts as just updated when it is drawn: live calls that brought its first data keep
    // coming for a while, and animating the first of their updates laid the page out on every frame.
    let lastUpdate = performance.now();
    // Draws and updates run one after another; one that failed does not stop the next.
    let queue = Promise.resolve();
    const enqueue = step => (queue = queue.catch(() => {}).then(step));

    async function draw(next, animate) {
        // The user may have navigated away while the library loaded or the chart rendered: a chart
        // whose element left the page has nothing to draw, and that is not an error.
        if (!element.isConnected) return;
        const options = prepare(next, element);
        try {
            if (!chart) {
                // Never an entry animation: its frames held the main thread while the page's other
                // charts waited to be drawn, for a movement nobody needs to read the figures.
                options.chart = { ...options.chart, animations: { ...options.chart?.animations, enabled: false } };
                element.dataset.chartState = 'rendering';
                await oneAtATime(async () => {
                    if (destroyed || !element.isConnected) return;
                    chart = new ApexCharts(element, options);
                    await chart.render();
                });
                if (chart) element.dataset.chartState = 'ready';
            } else if (withoutSeries(next) === withoutSeries(drawn)) {
                // Same layout, new numbers: move the series; otherwise merge the changed options. Either
                // way the SVG is kept, which is what avoids the flicker of a re-create.
                await chart.updateSeries(options.series, animate);
            } else {
                await chart.updateOptions(options, false, animate, true);
            }
        } catch (e) {
            if (element.isConnected) throw e;
            return;
        }
        if (drawn !== null) element.dataset.updates = String(Number(element.dataset.updates ?? 0) + 1);
        drawn = next;
    }

    function request(next, animate, isLive) {
        if (isLive && !canBeSeen(element)) {
            waiting.set(element, () => enqueue(() => draw(next, false)).catch(e => console.error(e)));
            observer.observe(element);
            element.dataset.waiting = 'true';
            if (!chart) element.dataset.chartState = 'waiting';
            return queue;
        }
        // Newer options replace the ones that were waiting.
        forget(element);
        return enqueue(() => draw(next, animate));
    }

    // An update the user caused animates unless another came just before; live updates never do:
    // the first one of a burst animated four charts for 800 ms, a rAF loop that was most of what an
    // open overview cost the browser in a burst (bench/Live --chrome-trace: ~2,700 animation frame
    // callbacks and 220 timers in a burst's 2 s).
    function animateNow() {
        const now = performance.now();
        const animate = now - lastUpdate > calmMs;
        lastUpdate = now;
        return animate;
    }

    let settling = null;
    function settle(next) {
        const now = performance.now();
        settling ??= { since: now };
        settling.json = next;
        element.dataset.settling = 'true';
        clearTimeout(settling.timer);
        settling.timer = setTimeout(() => {
            const json = settling.json;
            settling = null;
            delete element.dataset.settling;
            lastUpdate = performance.now();
            request(json, false, true).catch(e => console.error(e));
        }, Math.max(0, Math.min(settleMs, settling.since + maxSettleMs - now)));
    }

    function stopSettling() {
        if (settling) clearTimeout(settling.timer);
        settling = null;
        delete element.dataset.settling;
    }

    // A chart that appears because live calls brought data to an empty panel is drawn without its
    // entry animation: six charts animating their entry laid the page out on every frame for seconds
    // (bench/Live, Chromium's Performance metrics). What the user's own actions draw, draws at once.
    if (live) settle(json);
    else request(json, true, false).catch(e => console.error(e));

    return {
        async update(next, isLive) {
            if (isLive) {
                settle(next);
                return;
            }
            stopSettling();
            await request(next, animateNow(), false);
        },
        destroy() {
            destroyed = true;
            stopSettling();
            forget(element);
            chart?.destroy();
            chart = null;
        },
    };
}
