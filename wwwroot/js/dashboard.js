// Small browser facts the server needs; loaded by App.razor before Blazor starts.
window.miitelDashboard = {
    browserInfo: () => [Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', navigator.language || 'en-US'],
    // Dark mode is a per-browser preference: stored locally, defaulting to the OS setting.
    getDarkMode: () => {
        const stored = localStorage.getItem('miitel.darkMode');
        if (stored !== null) return stored === 'true';
        return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
    },
    setDarkMode: (dark) => localStorage.setItem('miitel.darkMode', String(dark)),
    // The clipboard exists only in secure contexts (HTTPS or localhost): false tells the page to ask for a manual copy.
    copyText: async (text) => {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    },
};
