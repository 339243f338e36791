// The browser's IANA time zone: dashboard dates (from/to in the URL, times shown) are in it.
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
