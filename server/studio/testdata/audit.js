// The studio's accessibility audit, run in the page by e2e_test.go. It
// returns a list of problems: visible controls without an accessible name,
// images without alt, unknown ARIA roles, labels pointing nowhere,
// duplicate ids, a missing main landmark or h1, text under 4.5:1 contrast
// (WCAG 2 relative luminance, background found by compositing ancestors),
// and horizontal scrolling.
(() => {
  const problems = [];
  const short = (el) => el.outerHTML.slice(0, 140);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
    }
    return true;
  };
  const accName = (el) => {
    const al = el.getAttribute('aria-label');
    if (al && al.trim()) return al.trim();
    const lb = el.getAttribute('aria-labelledby');
    if (lb) return lb.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ').trim();
    if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName)) return el.textContent.trim();
    return (el.title || '').trim();
  };
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], video, audio, progress')) {
    if (!visible(el)) continue;
    if (!accName(el)) problems.push(`no accessible name: ${short(el)}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push(`img without alt: ${short(img)}`);
  }
  const roles = new Set(['alert', 'status', 'group', 'region', 'navigation', 'main', 'dialog', 'button', 'list',
    'listitem', 'img', 'presentation', 'none', 'banner', 'log', 'progressbar', 'radiogroup', 'form', 'search']);
  for (const el of document.querySelectorAll('[role]')) {
    if (!roles.has(el.getAttribute('role'))) problems.push(`unknown role: ${short(el)}`);
  }
  for (const l of document.querySelectorAll('label[for]')) {
    if (!document.getElementById(l.htmlFor)) problems.push(`label for a missing id: ${short(l)}`);
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" used ${n} times`);
  if (!document.querySelector('main')) problems.push('no <main> landmark');
  if (document.querySelectorAll('h1').length !== 1) problems.push(`${document.querySelectorAll('h1').length} <h1> elements, want 1`);
  if (!document.documentElement.lang) problems.push('no lang on <html>');

  // Contrast.
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const la = lum(a), lb = lum(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  for (const el of document.querySelectorAll('body *')) {
    if (['SCRIPT', 'STYLE', 'VIDEO', 'AUDIO', 'IMG', 'OPTION'].includes(el.tagName)) continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const field = (el.tagName === 'INPUT' && el.value && ['text', 'password'].includes(el.type)) || el.tagName === 'SELECT';
    if (!ownText && !field) continue;
    if (!visible(el)) continue;
    const cs = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(cs.color), bg);
    const r = ratio(fg, bg);
    if (r < 4.5) problems.push(`contrast ${r.toFixed(2)}:1 < 4.5:1 for "${(el.textContent || el.value).trim().slice(0, 40)}" (${cs.color} on rgb(${bg.r},${bg.g},${bg.b})): ${short(el)}`);
  }

  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`horizontal scrolling: page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px viewport`);
  }
  return problems;
})()
