// Locale and theme from the query string (the view itself lives in the hash). A file, not an
// inline script, so the page runs under a Content-Security-Policy without 'unsafe-inline'.
const q = new URLSearchParams(location.search);
const dash = document.querySelector('nova-dashboard');
if (q.get('lang')) { dash.setAttribute('locale', q.get('lang')); document.documentElement.lang = q.get('lang'); }
if (q.get('theme')) dash.setAttribute('theme', q.get('theme'));
if (q.get('theme') === 'dark') document.body.classList.add('dark');
