// The editor's timeline: a horizontal filmstrip of the slides (thumbnail,
// duration, caption or text inline; drag or arrow keys to reorder) and a
// music lane (the track's waveform and beats on the video's clock, with
// where the music starts). The total length is shown by the preview.
import { api } from './api.js';
import { h, uid, plural } from './dom.js';
import { fmtT } from './preview.js';

/**
 * filmstrip renders env.slides() into an <ol id="slides">. env: slides()
 * (the live array), photos (Map id -> photo), clips (Map id -> clip),
 * limits(), planned(i) (seconds slide i lasts in the last plan, or 0),
 * changed(), toast(msg), counted(input, max, onChange) (the character
 * counter). It returns { el, render(), showPlanned() }.
 */
export function filmstrip(env) {
  const list = h('ol', { class: 'slides', id: 'slides', 'aria-label': 'Slides in order' });

  function move(from, to, focusClass) {
    const slides = env.slides();
    if (to < 0 || to >= slides.length || from === to) return;
    const [s] = slides.splice(from, 1);
    slides.splice(to, 0, s);
    render();
    env.changed();
    env.toast(`Slide moved to position ${to + 1} of ${slides.length}`);
    if (focusClass) list.querySelectorAll(`.${focusClass}`)[to]?.focus();
  }

  function textInput(labelText, value, max, cls, onInput) {
    const input = h('input', { type: 'text', value, class: cls, id: uid('t') });
    const cnt = env.counted(input, max, () => onInput(input.value));
    return h('div', { class: 'field' }, h('label', { for: input.id, text: labelText }), input, cnt);
  }

  // A slide's own choices: the transition into it (data.transition) and,
  // for a photo or clip, where its caption sits (data.text_position).
  // "Style's choice" removes the field; a value this page does not know
  // (a newer engine's) is shown and kept until changed.
  const TRANSITIONS = [['', "Style's choice"], ['crossfade', 'Crossfade'], ['push-left', 'Push left'],
    ['push-right', 'Push right'], ['push-up', 'Push up'], ['push-down', 'Push down'],
    ['zoom-through', 'Zoom through'], ['wipe', 'Wipe'], ['dip-to-colour', 'Dip to colour']];
  const POSITIONS = [['', "Style's choice"], ['top', 'Top'], ['middle', 'Middle'], ['bottom', 'Bottom']];
  function choice(s, key, labelText, cls, options) {
    const cur = s.data[key] || '';
    const opts = options.some(([v]) => v === cur) ? options : [...options, [cur, cur]];
    const sel = h('select', { class: cls, id: uid(cls) },
      opts.map(([v, t]) => h('option', { value: v, text: t, selected: v === cur })));
    sel.addEventListener('change', () => {
      if (sel.value) s.data[key] = sel.value;
      else delete s.data[key];
      env.changed();
    });
    return h('div', { class: 'field' }, h('label', { for: sel.id, text: labelText }), sel);
  }
  const transitionField = (s, n) => choice(s, 'transition', `Transition into slide ${n}`, 'transition', TRANSITIONS);
  const positionField = (s, n) => choice(s, 'text_position', `Caption ${n} position`, 'text-position', POSITIONS);

  // Card bodies by slide kind: the first element is the card's picture,
  // the rest its fields.
  const bodies = {
    image(s, n, lim) {
      const p = env.photos.get(s.asset_id);
      const pic = p ? h('img', { src: p.thumbnail_url, alt: `Photo of slide ${n}`, width: 160, height: 90, class: 'thumb' })
        : h('span', { class: 'textbadge thumb', text: 'Photo' });
      return [pic, textInput(`Caption ${n}`, s.data.text || s.data.caption || '', lim.image.caption_len, 'caption',
        (val) => { s.data.text = val; delete s.data.caption; env.changed(); }), positionField(s, n), transitionField(s, n)];
    },
    text(s, n, lim) {
      const card = h('span', { class: 'textbadge thumb', text: s.data.title || s.data.text || 'Text slide' });
      return [card,
        textInput(`Title ${n}`, s.data.title || '', lim.text.title_len, 'text-title', (val) => {
          s.data.title = val; card.textContent = val || s.data.text || 'Text slide'; env.changed();
        }),
        textInput(`Text ${n}`, s.data.text || '', lim.text.text_len, 'text-body', (val) => {
          s.data.text = val; card.textContent = s.data.title || val || 'Text slide'; env.changed();
        }), transitionField(s, n)];
    },
    video(s, n, lim) {
      const c = env.clips.get(s.asset_id);
      return [clipThumb(s, n, c), ...(c ? [trimmer(s, n, c), muteToggle(s, n, c)] : []),
        textInput(`Caption ${n}`, s.data.text || s.data.caption || '', lim.image.caption_len, 'caption',
          (val) => { s.data.text = val; delete s.data.caption; env.changed(); }), positionField(s, n), transitionField(s, n)];
    },
  };

  // ---- video clip slides ----
  // A clip's card: its poster with a "video" badge giving the played
  // length, a trim bar with two handles to drag (pointer) and two
  // number fields (keyboard, screen readers) for data.trim_start and
  // data.trim_end, and a mute toggle (data.mute). trim_end 0 (or none)
  // is the clip's end; other fields of data (volume, ...) are kept.
  const round1 = (x) => Math.round(x * 10) / 10;
  const MIN_PLAYED = 0.2;
  function trims(s, c) {
    const from = Math.min(Math.max(Number(s.data.trim_start) || 0, 0), c.duration);
    const end = Number(s.data.trim_end) > 0 ? Math.min(Number(s.data.trim_end), c.duration) : c.duration;
    return [from, Math.max(end, from)];
  }
  function clipThumb(s, n, c) {
    if (!c) return h('span', { class: 'textbadge thumb', text: 'Video clip (not found)' });
    const [from, end] = trims(s, c);
    const badge = h('span', { class: 'clipbadge', text: `video ${fmtT(end - from)}` });
    return h('div', { class: 'clipthumb' },
      h('img', { src: c.poster_url, alt: `Video clip of slide ${n}`, width: 160, height: 90, class: 'thumb' }), badge);
  }
  function trimmer(s, n, c) {
    const dur = c.duration;
    const mk = (cls, label) => {
      const input = h('input', { type: 'number', class: cls, id: uid('trim'), min: 0, max: round1(dur), step: 0.1, inputmode: 'decimal' });
      return [input, h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input)];
    };
    const [startIn, startField] = mk('trim-start', `Clip ${n} starts at (s)`);
    const [endIn, endField] = mk('trim-end', `Clip ${n} ends at (s)`);
    const range = h('div', { class: 'trim-range' });
    const hs = h('div', { class: 'trim-handle start', 'aria-hidden': 'true' });
    const he = h('div', { class: 'trim-handle end', 'aria-hidden': 'true' });
    const bar = h('div', { class: 'trimbar', title: 'Drag the handles to trim the clip' }, range, hs, he);
    let from = 0;
    let end = dur;
    function show() {
      hs.style.left = `${(from / dur) * 100}%`;
      he.style.left = `${(end / dur) * 100}%`;
      range.style.left = `${(from / dur) * 100}%`;
      range.style.width = `${((end - from) / dur) * 100}%`;
      if (document.activeElement !== startIn) startIn.value = String(round1(from));
      if (document.activeElement !== endIn) endIn.value = String(round1(end));
      const badge = bar.closest('li')?.querySelector('.clipbadge');
      if (badge) badge.textContent = `video ${fmtT(end - from)}`;
    }
    function commit() {
      if (round1(from) > 0) s.data.trim_start = Math.round(from * 1000) / 1000;
      else delete s.data.trim_start; // the clip's start
      if (end >= dur - 0.05) delete s.data.trim_end; // the clip's end
      else s.data.trim_end = Math.round(end * 1000) / 1000;
      env.changed();
    }
    [from, end] = trims(s, c);
    startIn.addEventListener('change', () => {
      const v = Number(startIn.value);
      if (startIn.value === '' || !(v >= 0) || v > end - MIN_PLAYED) {
        env.toast(`Clip ${n} can start from 0 to ${round1(end - MIN_PLAYED)} seconds`);
        startIn.value = String(round1(from));
        return;
      }
      from = v;
      show();
      commit();
    });
    endIn.addEventListener('change', () => {
      const v = Number(endIn.value);
      if (endIn.value === '' || !(v <= dur + 0.05) || v < from + MIN_PLAYED) {
        env.toast(`Clip ${n} can end from ${round1(from + MIN_PLAYED)} to ${round1(dur)} seconds`);
        endIn.value = String(round1(end));
        return;
      }
      end = Math.min(v, dur);
      show();
      commit();
    });
    // Dragging a handle: pointer events (mouse, pen, finger), captured by
    // the handle; the trim is saved when it is let go.
    for (const [el, which] of [[hs, 'start'], [he, 'end']]) {
      el.addEventListener('pointerdown', (e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        el.setPointerCapture(e.pointerId);
        el.classList.add('active');
        const at = (ev) => {
          const r = bar.getBoundingClientRect();
          return Math.min(Math.max((ev.clientX - r.left) / r.width, 0), 1) * dur;
        };
        const onMove = (ev) => {
          const t = at(ev);
          if (which === 'start') from = Math.min(t, end - MIN_PLAYED);
          else end = Math.max(t, from + MIN_PLAYED);
          from = Math.max(from, 0);
          end = Math.min(end, dur);
          show();
        };
        const onUp = (ev) => {
          el.removeEventListener('pointermove', onMove);
          el.removeEventListener('pointerup', onUp);
          el.removeEventListener('pointercancel', onUp);
          el.classList.remove('active');
          if (ev.type === 'pointerup') commit();
        };
        el.addEventListener('pointermove', onMove);
        el.addEventListener('pointerup', onUp);
        el.addEventListener('pointercancel', onUp);
      });
    }
    queueMicrotask(show);
    return h('div', { class: 'trim', role: 'group', 'aria-label': `Trim clip ${n} (${fmtT(dur)} long)` },
      bar, h('div', { class: 'trim-fields' }, startField, endField));
  }
  function muteToggle(s, n, c) {
    const box = h('input', { type: 'checkbox', class: 'mute', id: uid('mute'), checked: !!s.data.mute || !c.has_audio, disabled: !c.has_audio });
    box.addEventListener('change', () => {
      s.data.mute = box.checked;
      env.changed();
    });
    return h('div', { class: 'field check' }, box,
      h('label', { for: box.id, text: c.has_audio ? `Mute clip ${n}` : `Clip ${n} has no sound` }));
  }

  function durationField(s, i, n) {
    const own = s.end_time > (s.start_time || 0) ? s.end_time - (s.start_time || 0) : 0;
    const planned = env.planned(i);
    const input = h('input', { type: 'number', class: 'duration', id: uid('d'), min: 1, max: 60, step: 0.5,
      value: own ? String(Math.round(own * 10) / 10) : '', placeholder: planned ? planned.toFixed(1) : 'auto',
      inputmode: 'decimal' });
    input.addEventListener('change', () => {
      const d = Number(input.value);
      if (input.value === '' && !(s.start_time > 0)) {
        s.end_time = 0; // the style's slide length again
      } else if (d >= 1 && d <= 60) {
        s.end_time = Math.round(((s.start_time || 0) + d) * 100) / 100;
      } else {
        input.value = own ? String(own) : '';
        env.toast('A slide lasts 1 to 60 seconds');
        return;
      }
      env.changed();
    });
    return h('div', { class: 'field dur' }, h('label', { for: input.id, text: `Seconds ${n}` }), input);
  }

  function card(s, i) {
    const slides = env.slides();
    const n = i + 1;
    const lim = env.limits();
    const li = h('li', { class: 'slide', dataset: { index: i, kind: s.name } });
    const handle = h('button', { type: 'button', class: 'handle', text: '⠿',
      'aria-label': `Reorder slide ${n} of ${slides.length}: drag, or use the arrow keys` });
    handle.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') { e.preventDefault(); move(i, i - 1, 'handle'); }
      if (e.key === 'ArrowDown' || e.key === 'ArrowRight') { e.preventDefault(); move(i, i + 1, 'handle'); }
    });
    // Drag with mouse, pen or finger: pointer events (HTML5 drag and drop
    // does not fire for touch); the card under the pointer is the target.
    handle.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      handle.setPointerCapture(e.pointerId);
      li.classList.add('dragging');
      let target = i;
      let lastX = e.clientX;
      const clear = () => list.querySelectorAll('li.over').forEach((x) => x.classList.remove('over'));
      const onMove = (ev) => {
        const over = document.elementFromPoint(ev.clientX, ev.clientY)?.closest('#slides li.slide');
        clear();
        if (over) {
          target = Number(over.dataset.index);
          if (target !== i) over.classList.add('over');
        }
        // Near an edge of the strip and moving towards it: scroll on.
        const r = list.getBoundingClientRect();
        if (ev.clientX < r.left + 40 && ev.clientX < lastX) list.scrollBy(-24, 0);
        else if (ev.clientX > r.right - 40 && ev.clientX > lastX) list.scrollBy(24, 0);
        lastX = ev.clientX;
      };
      const onUp = (ev) => {
        handle.removeEventListener('pointermove', onMove);
        handle.removeEventListener('pointerup', onUp);
        handle.removeEventListener('pointercancel', onUp);
        li.classList.remove('dragging');
        clear();
        if (ev.type === 'pointerup' && target !== i) move(i, target, 'handle');
      };
      handle.addEventListener('pointermove', onMove);
      handle.addEventListener('pointerup', onUp);
      handle.addEventListener('pointercancel', onUp);
    });
    const up = h('button', { type: 'button', class: 'btn small secondary up', text: '←', 'aria-label': `Move slide ${n} earlier`, disabled: i === 0 });
    up.addEventListener('click', () => move(i, i - 1, i - 1 === 0 ? 'down' : 'up'));
    const down = h('button', { type: 'button', class: 'btn small secondary down', text: '→', 'aria-label': `Move slide ${n} later`, disabled: i === slides.length - 1 });
    down.addEventListener('click', () => move(i, i + 1, i + 1 === slides.length - 1 ? 'up' : 'down'));
    const rm = h('button', { type: 'button', class: 'btn small danger remove', text: '✕', 'aria-label': `Remove slide ${n}` });
    rm.addEventListener('click', () => {
      slides.splice(i, 1);
      render();
      env.changed();
      env.toast(`Slide ${n} removed`);
      (list.querySelectorAll('.handle')[Math.min(i, slides.length - 1)] || env.fallbackFocus()).focus();
    });
    const body = (bodies[s.name] || bodies.image)(s, n, lim);
    li.append(h('div', { class: 'slide-head' }, handle, h('span', { class: 'num', text: `${n}` }), up, down, rm),
      body[0], durationField(s, i, n), ...body.slice(1));
    return li;
  }

  // FOCUSABLE are the classes of a card's controls: render puts the
  // focus back on the same control of the same slide.
  const FOCUSABLE = ['handle', 'up', 'down', 'remove', 'duration', 'caption', 'text-title', 'text-body', 'trim-start', 'trim-end', 'mute', 'transition', 'text-position'];
  function render() {
    const a = document.activeElement;
    const li = a && list.contains(a) ? a.closest('li.slide') : null;
    const cls = li && FOCUSABLE.find((c) => a.classList.contains(c));
    const sel = cls && typeof a.selectionStart === 'number' ? [a.selectionStart, a.selectionEnd] : null;
    list.replaceChildren(...env.slides().map(card));
    if (cls) {
      const again = list.children[Number(li.dataset.index)]?.querySelector(`.${cls}`);
      if (again) {
        again.focus();
        if (sel) again.setSelectionRange(...sel);
      }
    }
  }
  /** showPlanned puts the last plan's slide lengths in the seconds fields. */
  function showPlanned() {
    list.querySelectorAll('input.duration').forEach((input, i) => {
      const p = env.planned(i);
      input.placeholder = p ? p.toFixed(1) : 'auto';
    });
  }
  return { el: list, render, showPlanned };
}

/**
 * musicLane draws the chosen track's waveform and beats on the video's
 * clock, the slide boundaries over it, and a slider for the video time
 * the music starts at, and a field for the seconds of the track's
 * beginning to skip (data.trim_start: the first pass starts that far into
 * the track, later loop passes from its beginning, as the engine plays
 * it). env: music() (asset id or ''), start() and setStart(seconds),
 * trim() and setTrim(seconds), ready() (resolves when the waveform may be asked
 * for), onAuthError. It returns { el, draw(plan) }.
 */
export function musicLane(env) {
  const cache = new Map();
  let plan = null;
  let wave = null;
  let waveFor = '';
  const canvas = h('canvas', { id: 'music-lane', class: 'lane', height: 64, width: 600, role: 'img',
    'aria-label': 'Waveform of the music on the video\'s timeline; beats are marked' });
  const startIn = h('input', { type: 'range', id: 'music-start', min: 0, max: 10, step: 0.1, value: 0 });
  const startOut = h('output', { for: 'music-start', id: 'music-start-out', text: '0:00.0' });
  const trimIn = h('input', { type: 'number', id: 'music-trim', min: 0, step: 0.1, value: 0, inputmode: 'decimal' });
  trimIn.addEventListener('change', () => {
    let t = Number(trimIn.value);
    if (!(t >= 0)) t = 0;
    if (wave && wave.duration) t = Math.min(t, Math.max(0, Math.floor((wave.duration - 0.1) * 10) / 10));
    t = Math.round(t * 10) / 10;
    trimIn.value = String(t);
    env.setTrim(t);
  });
  const info = h('p', { class: 'muted', id: 'music-info' });
  // moving is set while the slider is being moved and not yet let go:
  // redrawing then keeps the slider where the person has it.
  let moving = false;
  startIn.addEventListener('input', () => {
    moving = true;
    startOut.textContent = fmtT(Number(startIn.value));
    draw(plan);
  });
  startIn.addEventListener('change', () => {
    moving = false;
    env.setStart(Number(startIn.value));
  });

  async function load(id) {
    if (cache.has(id)) return cache.get(id);
    const p = api('GET', `/me/musics/${encodeURIComponent(id)}/waveform`);
    cache.set(id, p);
    try {
      return await p;
    } catch (e) {
      cache.delete(id);
      throw e;
    }
  }

  async function draw(pl) {
    plan = pl || plan;
    const id = env.music();
    if (id && id !== waveFor) {
      try {
        await env.ready(); // the preview's stream first
        wave = await load(id);
        waveFor = id;
      } catch (e) {
        if (!env.onAuthError(e)) info.textContent = `No waveform: ${e.message}`;
        wave = null;
      }
    }
    if (!id) wave = null;
    const total = (plan && plan.duration) || 10;
    startIn.max = String(Math.max(0, Math.floor(total - 1)));
    if (!moving && document.activeElement !== startIn) startIn.value = String(env.start());
    if (document.activeElement !== trimIn) trimIn.value = String(env.trim());
    startOut.textContent = fmtT(Number(startIn.value));
    const w = Math.max(200, Math.round(canvas.clientWidth || 600));
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(64 * dpr);
    const g = canvas.getContext('2d');
    g.scale(dpr, dpr);
    g.fillStyle = '#1d1d1f';
    g.fillRect(0, 0, w, 64);
    const x = (t) => (t / total) * w;
    // Slide boundaries.
    g.fillStyle = '#5f6068';
    for (const s of (plan && plan.slides) || []) g.fillRect(Math.round(x(s.start)), 0, 1, 64);
    if (!wave || !wave.duration) {
      info.textContent = id ? info.textContent : 'No music chosen.';
      return;
    }
    const start = Number(startIn.value);
    // The first pass starts trim seconds into the track; later passes
    // start from its beginning, as if it had begun trim seconds earlier.
    const trim = Math.min(env.trim() || 0, wave.duration);
    trimIn.max = String(Math.max(0, Math.floor((wave.duration - 0.1) * 10) / 10));
    const rate = wave.peaks_per_second;
    g.fillStyle = '#8ab4f8';
    for (let px = Math.floor(x(start)); px < w; px++) {
      const t = (px / w) * total - start + trim;
      const k = Math.floor((t % wave.duration) * rate);
      const pk = wave.peaks[k] || 0;
      const hh = Math.max(1, pk * 60);
      g.fillRect(px, 32 - hh / 2, 1, hh);
    }
    g.fillStyle = '#fbbc04';
    for (let loop = 0; start - trim + loop * wave.duration < total; loop++) {
      for (const b of wave.beats) {
        const t = start - trim + loop * wave.duration + b;
        if (t < start) continue;
        if (t > total) break;
        g.fillRect(Math.round(x(t)), 56, 1, 8);
      }
    }
    const bpm = wave.tempo ? `, ${Math.round(wave.tempo)} beats a minute` : '';
    const skip = trim > 0 ? `; starts ${fmtT(trim)} into the track, loops from its beginning` : '';
    info.textContent = `Track ${fmtT(wave.duration)}${bpm}${skip}; ${plural(wave.beats.length, 'beat', 'beats')} marked in yellow.`;
  }

  const el = h('div', { class: 'music-lane' }, canvas,
    h('div', { class: 'field row' }, h('label', { for: 'music-start', text: 'Music starts at' }), startIn, startOut),
    h('div', { class: 'field row' }, h('label', { for: 'music-trim', text: 'Skip the track\'s first (seconds)' }), trimIn), info);
  return { el, draw };
}
