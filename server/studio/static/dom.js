// Small DOM helpers. User text only ever becomes text nodes or property
// values: nothing here parses HTML.

let seq = 0;

/** uid returns a fresh element id with the given prefix. */
export function uid(prefix = 'id') {
  seq += 1;
  return `${prefix}-${seq}`;
}

/**
 * h creates an element. attrs: "text" sets textContent, "class" the class
 * list, "on<event>" adds a listener, "dataset" an object of data-*
 * values; value/checked/disabled/hidden and similar DOM properties are set
 * as properties, everything else with setAttribute. Children are nodes or
 * strings (appended as text).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'draggable', 'readOnly', 'muted'].includes(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** field returns a label + control pair wrapped in a div. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid('f');
  const label = h('label', { for: control.id, text: labelText });
  const parts = [label, control];
  if (hint) {
    if (!hint.id) hint.id = uid('hint');
    control.setAttribute('aria-describedby', hint.id);
    parts.push(hint);
  }
  return h('div', { class: 'field' }, parts);
}

/** plural is "1 beat", "2 beats": n with the word that fits it. */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** fmtDuration formats seconds as m:ss. */
export function fmtDuration(sec) {
  if (!(sec > 0)) return '0:00';
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** fmtBytes formats a byte count. */
export function fmtBytes(n) {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${Math.round(n / (1 << 10))} KB`;
  return `${n} B`;
}

let toastTimer = 0;

/** toast shows a short message in the polite live region. */
export function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 4000);
}
