// Checks that the keyboard-focused element shows a focus ring: it matches
// :focus-visible and has an outline (or box-shadow) of at least 2 px.
(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const cs = getComputedStyle(el);
  const w = parseFloat(cs.outlineWidth) || 0;
  if (!el.matches(':focus-visible')) return `focused ${el.tagName} does not match :focus-visible`;
  if ((cs.outlineStyle === 'none' || w < 2) && cs.boxShadow === 'none') {
    return `no visible focus ring on ${el.outerHTML.slice(0, 120)} (outline ${cs.outlineStyle} ${cs.outlineWidth})`;
  }
  return '';
})()
