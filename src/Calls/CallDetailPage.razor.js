// #t=SECONDS on a call detail URL: scroll to and highlight the utterance whose start <= t < next start.
function secondsFromHash() {
    const m = /(?:^#|&)t=(\d+(?:\.\d+)?)/.exec(location.hash);
    return m ? parseFloat(m[1]) : null;
}

function highlight(container, t) {
    const items = Array.from(container.querySelectorAll('[data-start]'));
    if (items.length === 0) return;
    let target = items[0];
    for (const el of items) {
        const start = parseFloat(el.dataset.start);
        if (!Number.isNaN(start) && start <= t) target = el; else if (start > t) break;
    }
    container.querySelectorAll('.utt-active').forEach(el => el.classList.remove('utt-active'));
    target.classList.add('utt-active');
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

export function attach(container) {
    const apply = () => {
        const t = secondsFromHash();
        if (t !== null) highlight(container, t);
    };
    window.addEventListener('hashchange', apply);
    apply();
    return {
        // Called when the transcript re-rendered (a later delivery); keeps the highlight.
        refresh: apply,
        jump: (t) => {
            history.replaceState(history.state, "", `#t=${Math.ceil(t * 100) / 100}`);
            highlight(container, t);
        },
        dispose: () => window.removeEventListener('hashchange', apply),
    };
}
