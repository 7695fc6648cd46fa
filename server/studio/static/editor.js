// The video editor: a playing preview (sticky on wide screens, first on a
// phone), a timeline (filmstrip of photos, video clips and text slides;
// music lane), name, style gallery drawn
// from the person's own photo, music, logo, credits, quality, aspect,
// undo/redo, autosave, render, and the finished video.
import { api, upload, APIError } from './api.js';
import { h, field, uid, fmtDuration, fmtBytes, toast, plural } from './dom.js';
import { statusBadge } from './list.js';
import { previewPanel } from './preview.js';
import { filmstrip, musicLane } from './timeline.js';
import { history } from './history.js';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
// CLIP_TYPES are the video files the server takes as clips (MP4 and MOV
// with H.264 or HEVC); GIFs and WebPs go in as photos.
const CLIP_TYPES = ['video/mp4', 'video/quicktime'];
const CLIP_EXT = /\.(mp4|m4v|mov)$/i;
const MAX_CLIP = 500 * 1024 * 1024;
const MUSIC_TYPES = ['audio/mpeg', 'audio/mp3', 'audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];
const MAX_PHOTO = 25 * 1000 * 1000;
const MAX_MUSIC = 50 * 1000 * 1000;
const QUALITY_ORDER = ['1080', '720', '480', '360'];
const CORNERS = { 'top-left': 'Top left', 'top-right': 'Top right', 'bottom-left': 'Bottom left', 'bottom-right': 'Bottom right' };
// ASPECTS names the frame shapes a style may list in its "size".
const ASPECTS = { '16:9': 'Landscape 16:9', '9:16': 'Portrait 9:16 (phones, stories)', '1:1': 'Square 1:1', '4:5': 'Portrait 4:5 (feeds)' };

/** frameSize is the width and height of aspect a at quality q (the short side). */
function frameSize(a, q) {
  const [w, hh] = (ASPECTS[a] ? a : '16:9').split(':').map(Number);
  const even = (x) => Math.round(x / 2) * 2;
  return w >= hh ? [even((q * w) / hh), q] : [q, even((q * hh) / w)];
}

/** editorView edits video id; it returns a controller with stop(). */
export function editorView(main, ctx, id) {
  let stopped = false;
  let v = null;
  let slides = [];
  let music = '';
  // musicStart is the video time, in seconds, the music starts at.
  let musicStart = 0;
  // musicTrim is the time into the track, in seconds, where it starts
  // playing (the music asset's data.trim_start; 0: its beginning).
  let musicTrim = 0;
  // logo is the logo asset ({name: 'logo', asset_id, data: {corner}}) or null.
  let logo = null;
  // plan is the last timeline the server planned (durations, length).
  let plan = null;
  // loaded is the video's asset list as the server holds it: payload
  // rebuilds it around the page's edits, so what the page does not show
  // (slide timings, music placement, logos, fields of later versions)
  // survives every save unchanged.
  let loaded = [];
  let credits = [];
  let styles = [];
  let library = [];
  let myMusics = [];
  const photos = new Map();
  const clips = new Map();
  let saveTimer = 0;
  let pollTimer = 0;
  let dirty = false;
  let saving = Promise.resolve();
  let rev = 0;

  // ---- skeleton ----
  const title = h('h1', { text: 'Loading video…' });
  const saveState = h('p', { class: 'muted save-state', role: 'status', id: 'save-state' });
  const undoBtn = h('button', { type: 'button', class: 'btn small secondary', id: 'undo', text: 'Undo', disabled: true, 'aria-keyshortcuts': 'Control+Z' });
  const redoBtn = h('button', { type: 'button', class: 'btn small secondary', id: 'redo', text: 'Redo', disabled: true, 'aria-keyshortcuts': 'Control+Shift+Z' });
  const edit = h('div', { class: 'col-edit' });
  const side = h('div', { class: 'col-side' });
  const preview = previewPanel(id, ctx, (tl) => {
    plan = tl;
    strip.showPlanned(); // in place: a redraw would take the focus from a field being typed in
    lane.draw(tl);
  });
  ctx.show('Edit video', h('div', { class: 'head' }, h('a', { href: '#/', text: '← All videos' }), title,
    h('div', { class: 'tools' }, undoBtn, redoBtn, saveState)),
  h('div', { class: 'editor' }, preview.el, edit, side));

  function style() {
    return styles.find((s) => s.machine_name === v.style) || styles[0];
  }
  function limits() {
    const st = style();
    return (st && st.limits && st.limits.slide) || { image: { caption_len: -1 }, text: { title_len: -1, text_len: -1 } };
  }

  // ---- saving ----
  function payload() {
    const edited = slides.map((s) => (s.name === 'image' || s.name === 'video'
      ? { ...s, data: { ...s.data, text: s.data.text || '' } }
      : { ...s, data: { ...s.data, title: s.data.title || '', text: s.data.text || '' } }));
    const assets = [];
    let placed = false;
    let hasMusic = false;
    let hasLogo = false;
    for (const a of loaded) {
      if (a.name === 'image' || a.name === 'video' || a.name === 'text') {
        if (!placed) assets.push(...edited);
        placed = true;
      } else if (a.name === 'music') {
        if (music && !hasMusic) assets.push({ ...a, asset_id: music, start_time: musicStart, data: musicData(a.data) });
        hasMusic = true;
      } else if (a.name === 'logo') {
        if (logo && !hasLogo) assets.push(logo);
        hasLogo = true;
      } else {
        assets.push(a); // logos and kinds this page does not edit
      }
    }
    if (!placed) assets.unshift(...edited);
    if (music && !hasMusic) {
      const data = musicData(undefined);
      assets.push({ name: 'music', asset_id: music, start_time: musicStart, end_time: 0, ...(data ? { data } : {}) });
    }
    if (logo && !hasLogo) assets.push(logo);
    const body = { assets, credit: credits.filter((c) => c[0] || c[1]), quality: Number(v.quality) || 360 };
    if (v.name) body.name = v.name;
    if (v.style) body.style = v.style;
    if (v.aspect) body.aspect = v.aspect;
    return body;
  }
  // musicData is the music asset's data with the page's trim_start (absent
  // when 0), every other field kept; undefined when nothing is left.
  function musicData(d) {
    const out = { ...(d || {}) };
    delete out.trim_start;
    if (musicTrim > 0) out.trim_start = musicTrim;
    return Object.keys(out).length || d ? out : undefined;
  }
  // ---- undo and redo: snapshots of what the page edits ----
  function snapshot() {
    return JSON.stringify({ name: v.name || '', style: v.style, quality: v.quality, aspect: v.aspect || '',
      slides, music, musicStart, musicTrim, logo, credits });
  }
  function restore(js) {
    const st = JSON.parse(js);
    Object.assign(v, { name: st.name, style: st.style, quality: st.quality, aspect: st.aspect });
    slides = st.slides;
    music = st.music;
    musicStart = st.musicStart;
    musicTrim = st.musicTrim || 0;
    logo = st.logo;
    credits = st.credits;
    renderAll();
    changed(true);
  }
  const hist = history(snapshot, restore, (u, r) => { undoBtn.disabled = !u; redoBtn.disabled = !r; });
  undoBtn.addEventListener('click', () => hist.undo());
  redoBtn.addEventListener('click', () => hist.redo());
  function onKey(e) {
    const typing = e.target.matches && e.target.matches('input[type=text], input[type=number], textarea');
    if (typing || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
    e.preventDefault();
    if (e.shiftKey) hist.redo();
    else hist.undo();
  }
  document.addEventListener('keydown', onKey);

  function changed(fromHistory) {
    if (fromHistory !== true) hist.record();
    showProblems();
    dirty = true;
    saveState.textContent = 'Unsaved changes';
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 600);
  }
  function save() {
    clearTimeout(saveTimer);
    if (!dirty) return saving;
    dirty = false;
    saving = saving.then(async () => {
      saveState.textContent = 'Saving…';
      try {
        const nv = await api('POST', `/me/videos/${id}`, payload());
        if (stopped) return;
        v.modified_on = nv.modified_on;
        v.status = nv.status;
        rev += 1;
        saveState.textContent = dirty ? 'Unsaved changes' : 'All changes saved';
        // Edited again while this save was in flight: the page's slides are
        // no longer what the server holds, and the save already queued
        // refreshes the preview once they are.
        if (!dirty) refreshPreview();
      } catch (e) {
        if (ctx.onAuthError(e)) return;
        dirty = true;
        saveState.textContent = e instanceof APIError && e.status === 409
          ? 'The video is rendering: changes will be saved when it finishes.'
          : `Not saved: ${e.message}`;
      }
    });
    return saving;
  }

  // ---- counted text inputs ----
  function counted(input, max, onChange) {
    const out = h('span', { class: 'count', id: uid('count') });
    function upd() {
      const n = [...input.value].length;
      if (max >= 0) {
        const over = n > max;
        out.textContent = over ? `${n} / ${max} characters: too long for this style` : `${n} / ${max} characters`;
        out.classList.toggle('over', over);
        input.setAttribute('aria-invalid', over ? 'true' : 'false');
      } else {
        out.textContent = plural(n, 'character', 'characters');
      }
    }
    input.setAttribute('aria-describedby', out.id);
    input.addEventListener('input', () => {
      upd();
      onChange();
    });
    upd();
    return out;
  }
  // ---- name ----
  const nameInput = h('input', { type: 'text', id: 'video-name', autocomplete: 'off', required: true, 'aria-required': 'true' });
  nameInput.addEventListener('input', () => {
    v.name = nameInput.value;
    title.textContent = v.name || 'Untitled video';
    changed();
  });

  // ---- slides ----
  const uploads = h('ul', { class: 'uploads', 'aria-live': 'polite', 'aria-label': 'Uploads' });
  const photoInput = h('input', { type: 'file', id: 'photo-input', multiple: true, accept: [...PHOTO_TYPES, ...CLIP_TYPES, '.mp4', '.mov'].join(',') });
  photoInput.addEventListener('change', () => {
    addPhotos([...photoInput.files]);
    photoInput.value = '';
  });
  const drop = h('div', { class: 'dropzone', id: 'dropzone' },
    h('p', { text: 'Drop photos and video clips here, paste photos, or choose files: photos in JPEG, PNG, WebP or GIF (up to 25 MB each), clips in MP4 or MOV (H.264 or HEVC, up to 500 MB).' }),
    field('Add photos or video clips', photoInput));
  drop.addEventListener('dragover', (e) => {
    if ([...e.dataTransfer.types].includes('Files')) {
      e.preventDefault();
      drop.classList.add('over');
    }
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) {
      e.preventDefault();
      addPhotos([...e.dataTransfer.files]);
    }
  });
  function onPaste(e) {
    const files = [...(e.clipboardData ? e.clipboardData.files : [])].filter((f) => f.type.startsWith('image/'));
    if (files.length) {
      e.preventDefault();
      addPhotos(files);
    }
  }
  document.addEventListener('paste', onPaste);

  function uploadRow(file, sentText) {
    const bar = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
    const msg = h('span', { class: 'muted', text: 'waiting' });
    const li = h('li', {}, h('span', { class: 'fname', text: file.name }), bar, msg);
    uploads.append(li);
    return {
      progress(f) {
        bar.value = Math.round(f * 100);
        msg.textContent = f >= 1 && sentText ? sentText : `${Math.round(f * 100)}%`;
      },
      done() { li.remove(); },
      fail(text) {
        bar.remove();
        msg.className = 'error';
        msg.textContent = text;
        li.setAttribute('role', 'alert');
        const x = h('button', { type: 'button', class: 'btn small secondary', text: 'Dismiss', 'aria-label': `Dismiss the error about ${file.name}` });
        x.addEventListener('click', () => li.remove());
        li.append(x);
      },
    };
  }

  let uploadQueue = Promise.resolve();
  // isClip tells a video clip from a photo by its type, or its name when
  // the browser gives no type.
  const isClip = (f) => (f.type ? f.type.startsWith('video/') : CLIP_EXT.test(f.name));
  function addPhotos(files) {
    for (const f of files) {
      if (isClip(f)) {
        addClip(f);
        continue;
      }
      const row = uploadRow(f);
      if (f.type && !PHOTO_TYPES.includes(f.type)) {
        row.fail(`${f.name}: not a supported photo or clip (use JPEG, PNG, WebP or GIF photos, MP4 or MOV clips)`);
        continue;
      }
      if (f.size > MAX_PHOTO) {
        row.fail(`${f.name}: ${fmtBytes(f.size)} is over the 25 MB limit`);
        continue;
      }
      uploadQueue = uploadQueue.then(async () => {
        try {
          const p = await upload('/me/photos', f, {}, (x) => row.progress(x));
          photos.set(p.id, p);
          slides.push({ name: 'image', asset_id: p.id, data: { text: '' } });
          row.done();
          renderSlides();
          changed();
        } catch (e) {
          if (!ctx.onAuthError(e)) row.fail(`${f.name}: ${e.message}`);
        }
      });
    }
  }

  // addClip uploads one video clip (PUT /me/clips; the server probes it
  // and makes its poster) and adds it as a slide; a clip the server
  // refuses (a codec it cannot decode, too long, too large, not a clip)
  // keeps its row with the server's words.
  function addClip(f) {
    const row = uploadRow(f, 'checking the clip…');
    if (f.type && !CLIP_TYPES.includes(f.type)) {
      row.fail(`${f.name}: not a supported video clip (use MP4 or MOV with H.264 or HEVC video)`);
      return;
    }
    if (f.size > MAX_CLIP) {
      row.fail(`${f.name}: ${fmtBytes(f.size)} is over the 500 MB limit for a clip`);
      return;
    }
    uploadQueue = uploadQueue.then(async () => {
      try {
        const c = await upload('/me/clips', f, {}, (x) => row.progress(x));
        clips.set(c.id, c);
        slides.push({ name: 'video', asset_id: c.id, data: { text: '' } });
        row.done();
        renderSlides();
        changed();
      } catch (e) {
        if (!ctx.onAuthError(e)) row.fail(`${f.name} was not added: ${clipWords(e)}`);
      }
    });
  }
  // clipWords is the server's reason for refusing a clip, in words.
  function clipWords(e) {
    const m = e.message || 'the upload failed';
    if (e.status === 413 && !/\d/.test(m)) return 'the clip is too large or too long for this server';
    return m.charAt(0).toUpperCase() + m.slice(1);
  }

  const strip = filmstrip({
    slides: () => slides, photos, clips, limits, changed, toast, counted,
    planned(i) {
      const ss = ((plan && plan.slides) || []).filter((x) => x.kind === 'photo' || x.kind === 'video' || x.kind === 'text');
      return ss[i] ? ss[i].end - ss[i].start : 0;
    },
    fallbackFocus: () => addText,
  });
  function renderSlides() {
    strip.render();
    const imgs = slides.filter((s) => s.name === 'image').length;
    const vids = slides.filter((s) => s.name === 'video').length;
    const n = plural;
    slideCount.textContent = `${n(slides.length, 'slide', 'slides')}: ${n(imgs, 'photo', 'photos')}, ` +
      `${vids ? `${n(vids, 'video clip', 'video clips')}, ` : ''}${n(slides.length - imgs - vids, 'text slide', 'text slides')}.`;
  }
  const slideCount = h('p', { class: 'muted', id: 'slide-count' });
  const addText = h('button', { type: 'button', class: 'btn secondary', id: 'add-text', text: 'Add text slide' });
  addText.addEventListener('click', () => {
    slides.push({ name: 'text', data: { title: '', text: '' } });
    renderSlides();
    changed();
    const titles = strip.el.querySelectorAll('.text-title');
    titles[titles.length - 1]?.focus();
  });

  // ---- style gallery ----
  const styleBox = h('div', { class: 'styles', id: 'styles' });
  const styleLimits = h('p', { class: 'muted', id: 'style-limits' });
  function describeLimits() {
    const l = limits();
    const cap = l.image.caption_len >= 0 ? `captions up to ${l.image.caption_len} characters` : 'captions of any length';
    const range = (r) => (r.max < 0 ? `${Math.max(r.min, 0)} or more` : `${Math.max(r.min, 0)} to ${r.max}`);
    styleLimits.textContent = `This style allows ${range(l.image)} photos and ${range(l.text)} text slides, ${cap}` +
      (l.text.title_len >= 0 ? `, text-slide titles up to ${l.text.title_len} characters.` : '.');
  }
  function renderStyles() {
    styleBox.replaceChildren(...styles.map((st) => {
      const r = h('input', { type: 'radio', name: 'style', value: st.machine_name, id: `style-${st.machine_name}`, checked: st.machine_name === v.style });
      r.addEventListener('change', () => {
        v.style = st.machine_name;
        describeLimits();
        renderSlides();
        renderQuality();
        renderAspect();
        renderLogo();
        changed();
      });
      const sample = h('div', { class: 'sample' });
      const play = h('button', { type: 'button', class: 'btn small secondary', text: 'Play sample', 'aria-label': `Play the sample video of ${st.name}` });
      play.addEventListener('click', () => {
        if (sample.firstChild) {
          sample.replaceChildren();
          play.textContent = 'Play sample';
          return;
        }
        const vid = h('video', { src: st.sample_url, controls: true, muted: true, playsinline: true, preload: 'auto', autoplay: true,
          'aria-label': `Sample video of ${st.name}`, width: 320, height: 180 });
        sample.append(vid);
        play.textContent = 'Hide sample';
      });
      // No src yet: updateStyleThumbs picks the person's photo or the
      // style's stock picture.
      const thumb = h('img', { alt: '', width: 320, height: 180, class: 'style-thumb', dataset: { style: st.machine_name } });
      return h('div', { class: 'style-card' }, r,
        h('label', { for: r.id }, thumb,
          h('strong', { text: st.name }), h('span', { class: 'muted', text: st.description })), play, sample);
    }));
    describeLimits();
    updateStyleThumbs();
  }
  // updateStyleThumbs draws each style's thumbnail from the person's own
  // first photo (the frame endpoint, with the style swapped in); the
  // style's stock picture until the draft has a photo and plans. They are
  // asked for one at a time, after the preview has started: a browser
  // opens only six connections to a server, and the preview comes first.
  // thumbsAbort cancels a style thumbnail still loading when the editor
  // stops or the video is deleted, so no request outlives the video.
  const thumbsAbort = new AbortController();
  let thumbsFor = '';
  let thumbsRun = 0;
  async function updateStyleThumbs() {
    const first = slides.find((x) => x.name === 'image');
    const key = first && !previewBlocker() ? `${first.asset_id}|${v.aspect || ''}|${rev}` : '';
    if (key === thumbsFor && styleBox.querySelector('img.style-thumb[src]')) return;
    thumbsFor = key;
    const run = ++thumbsRun;
    const imgs = [...styleBox.querySelectorAll('img.style-thumb')];
    await preview.started();
    if (!key) {
      for (const img of imgs) img.src = styles.find((x) => x.machine_name === img.dataset.style).thumbnail;
      return;
    }
    for (const img of imgs) {
      if (run !== thumbsRun || stopped) return;
      const url = `/me/videos/${id}/frame.jpg?style=${encodeURIComponent(img.dataset.style)}&at=photo&quality=360&rev=${rev}`;
      try {
        const res = await fetch(url, { signal: thumbsAbort.signal });
        if (!res.ok) continue; // the stock picture stays
        const blob = await res.blob();
        if (run !== thumbsRun || stopped) return;
        if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
        img.src = URL.createObjectURL(blob);
      } catch {
        return; // stopped: the video was left or deleted
      }
    }
  }

  // ---- music ----
  const musicBox = h('div', { class: 'musics', id: 'musics' });
  const musicInput = h('input', { type: 'file', id: 'music-input', accept: '.mp3,.wav,audio/mpeg,audio/wav' });
  const musicErr = h('p', { class: 'error', role: 'alert' });
  musicInput.addEventListener('change', async () => {
    const f = musicInput.files[0];
    musicInput.value = '';
    musicErr.textContent = '';
    if (!f) return;
    if (f.type && !MUSIC_TYPES.includes(f.type)) {
      musicErr.textContent = `${f.name}: not a supported audio file (use MP3 or WAV)`;
      return;
    }
    if (f.size > MAX_MUSIC) {
      musicErr.textContent = `${f.name}: ${fmtBytes(f.size)} is over the 50 MB limit`;
      return;
    }
    const row = uploadRow(f);
    const hdr = /^[\x20-\x7e]{1,200}$/.test(f.name) ? { 'Music-Title': f.name.replace(/\.[a-z0-9]+$/i, '') } : {};
    try {
      const m = await upload('/me/musics', f, hdr, (x) => row.progress(x));
      row.done();
      myMusics.push(m);
      music = m.id;
      musicTrim = 0; // the skipped intro was the old track's
      renderMusic();
      lane.draw();
      changed();
      toast(`Music “${m.title || f.name}” uploaded and chosen`);
    } catch (e) {
      if (!ctx.onAuthError(e)) row.fail(`${f.name}: ${e.message}`);
    }
  });
  function musicOption(idv, label, url) {
    const r = h('input', { type: 'radio', name: 'music', value: idv, id: uid('music'), checked: music === idv });
    r.addEventListener('change', () => { music = idv; musicTrim = 0; lane.draw(); changed(); });
    const parts = [r, h('label', { for: r.id, text: label })];
    if (url) parts.push(h('audio', { src: url, controls: true, preload: 'none', 'aria-label': `Listen to ${label}` }));
    return h('div', { class: 'music' }, parts);
  }
  function renderMusic() {
    const opts = [musicOption('', 'No music')];
    for (const m of library) opts.push(musicOption(m.id, `${m.title}${m.artist ? ` by ${m.artist}` : ''} (${fmtDuration(m.duration)})`, m.url));
    for (const m of myMusics) opts.push(musicOption(m.id, `Uploaded: ${m.title || 'untitled'} (${fmtDuration(m.duration)})`, m.url));
    musicBox.replaceChildren(...opts);
  }

  // ---- logo ----
  const logoInput = h('input', { type: 'file', id: 'logo-input', accept: PHOTO_TYPES.join(',') });
  const logoCorner = h('select', { id: 'logo-corner' });
  const logoBox = h('div', { class: 'logo-box', id: 'logo-box' });
  const logoRemove = h('button', { type: 'button', class: 'btn small danger', id: 'logo-remove', text: 'Remove logo' });
  const logoNote = h('p', { class: 'muted', id: 'logo-note' });
  logoInput.addEventListener('change', async () => {
    const f = logoInput.files[0];
    logoInput.value = '';
    if (!f) return;
    if (f.type && !PHOTO_TYPES.includes(f.type)) {
      toast(`${f.name}: not a supported image (use PNG, JPEG, WebP or GIF)`);
      return;
    }
    const row = uploadRow(f);
    try {
      const p = await upload('/me/photos', f, {}, (x) => row.progress(x));
      row.done();
      photos.set(p.id, p);
      logo = { name: 'logo', asset_id: p.id, start_time: 0, end_time: 0, data: { ...((logo && logo.data) || {}), corner: logoCorner.value } };
      renderLogo();
      changed();
      toast('Logo added');
    } catch (e) {
      if (!ctx.onAuthError(e)) row.fail(`${f.name}: ${e.message}`);
    }
  });
  logoCorner.addEventListener('change', () => {
    if (logo) {
      logo = { ...logo, data: { ...logo.data, corner: logoCorner.value } };
      changed();
    }
  });
  logoRemove.addEventListener('click', () => {
    logo = null;
    renderLogo();
    changed();
    logoInput.focus();
  });
  function renderLogo() {
    const corner = (logo && logo.data && logo.data.corner) || 'bottom-right';
    logoCorner.replaceChildren(...Object.entries(CORNERS).map(([k, label]) => h('option', { value: k, text: label, selected: k === corner })));
    const p = logo && photos.get(logo.asset_id);
    logoBox.replaceChildren(...(logo ? [p ? h('img', { src: p.thumbnail_url, alt: 'The logo', width: 96, height: 54 }) : h('span', { text: 'Logo set' }), logoRemove] : []));
    logoCorner.disabled = !logo;
    const lr = (style() && style().limits && style().limits.slide && style().limits.slide.logo) || null;
    logoNote.textContent = lr && lr.max === 0 ? 'This style shows no logo; choose another style to show one.' : 'Drawn over the whole video, in the corner you choose. A PNG with transparency looks best.';
  }

  // ---- credits ----
  const creditBox = h('div', { class: 'credits', id: 'credits' });
  function renderCredits() {
    creditBox.replaceChildren(...credits.map((c, i) => {
      const role = h('input', { type: 'text', value: c[0] || '', class: 'credit-role' });
      const who = h('input', { type: 'text', value: c[1] || '', class: 'credit-who' });
      role.addEventListener('input', () => { c[0] = role.value; changed(); });
      who.addEventListener('input', () => { c[1] = who.value; changed(); });
      const rm = h('button', { type: 'button', class: 'btn small danger', text: 'Remove', 'aria-label': `Remove credit row ${i + 1}` });
      rm.addEventListener('click', () => { credits.splice(i, 1); renderCredits(); changed(); addCredit.focus(); });
      return h('div', { class: 'credit-row' }, field(`Role ${i + 1}`, role), field(`Name ${i + 1}`, who), rm);
    }));
  }
  const addCredit = h('button', { type: 'button', class: 'btn secondary', id: 'add-credit', text: 'Add credit row' });
  addCredit.addEventListener('click', () => {
    credits.push(['', '']);
    renderCredits();
    creditBox.querySelectorAll('.credit-role')[credits.length - 1].focus();
  });

  // ---- quality ----
  const qualitySel = h('select', { id: 'quality' });
  qualitySel.addEventListener('change', () => { v.quality = Number(qualitySel.value); changed(); });
  function renderQuality() {
    const st = style();
    const qs = st ? st.quality.filter((q) => q.supported).map((q) => q.res) : ['360', '480', '720', '1080'];
    qualitySel.replaceChildren(...qs.map((q) => h('option', { value: q, text: `${q}p`, selected: String(v.quality) === q })));
  }

  // ---- aspect ----
  const aspectSel = h('select', { id: 'aspect' });
  aspectSel.addEventListener('change', () => {
    v.aspect = aspectSel.value;
    shapeFrame();
    changed();
  });
  function renderAspect() {
    const st = style();
    const as = ((st && st.size) || ['16:9']).filter((a) => ASPECTS[a]);
    const cur = v.aspect || '16:9';
    aspectSel.replaceChildren(...as.map((a) => h('option', { value: a, text: ASPECTS[a], selected: cur === a })));
  }

  // ---- preview ----
  // shapeFrame sets the preview's stage and the style thumbnails to the
  // video's aspect.
  function shapeFrame() {
    preview.shape(v.aspect || '16:9');
    styleBox.dataset.aspect = v.aspect || '16:9';
  }
  // previewBlocker mirrors the engine's checks of the slides the person is
  // still editing (an empty text slide, text over the style's limits), so
  // the page says what to fix instead of asking the server for a timeline
  // it must refuse (400).
  function previewBlocker() {
    if (!slides.length || !v.style) return 'Add a photo, a video clip or a text slide to see the preview.';
    const lim = limits();
    const over = (str, max) => max >= 0 && [...(str || '')].length > max;
    for (let i = 0; i < slides.length; i++) {
      const d = slides[i].data;
      if (slides[i].name === 'text') {
        if (!(d.title || '').trim() && !(d.text || '').trim()) {
          return `Write a title or a text for slide ${i + 1} to see the preview.`;
        }
        if (over(d.title, lim.text.title_len) || over(d.text, lim.text.text_len)) {
          return `Slide ${i + 1} is longer than this style allows.`;
        }
      } else if (over(d.text || d.caption, lim.image.caption_len)) {
        return `The caption of slide ${i + 1} is longer than this style allows.`;
      }
    }
    return '';
  }
  function refreshPreview() {
    preview.refresh(rev, previewBlocker());
    updateStyleThumbs();
  }

  // ---- render and result ----
  const renderBtn = h('button', { type: 'button', class: 'btn', id: 'render', text: 'Render video' });
  const renderBar = h('progress', { max: 100, value: 0, id: 'render-progress', 'aria-label': 'Render progress', hidden: true });
  const renderMsg = h('p', { id: 'render-status', role: 'status' });
  // problemList says, all at once and in plain words, what stops a
  // render; Render stays disabled while it has any.
  const problemList = h('ul', { id: 'render-problems', class: 'error', 'aria-live': 'polite' });
  function problems() {
    const out = [];
    if (!(v.name || '').trim()) out.push('Give the video a name.');
    if (!slides.length) out.push('Add a photo, a video clip or a text slide.');
    if (!music) out.push('Choose the music: a video needs a soundtrack.');
    const lim = limits();
    const len = (str) => [...(str || '')].length;
    const vr = style() && style().limits && style().limits.slide && style().limits.slide.videoclip;
    const vids = slides.filter((sl) => sl.name === 'video').length;
    if (vr && vr.max >= 0 && vids > vr.max) {
      out.push(vr.max === 0 ? 'This style shows no video clips: remove them or choose another style.'
        : `This style allows ${plural(vr.max, 'video clip', 'video clips')}; the video has ${vids}.`);
    }
    slides.forEach((sl, i) => {
      const d = sl.data;
      if (sl.name === 'text') {
        if (!(d.title || '').trim() && !(d.text || '').trim()) out.push(`Slide ${i + 1} needs a title or a text.`);
        if (lim.text.title_len >= 0 && len(d.title) > lim.text.title_len) {
          out.push(`Slide ${i + 1}'s title is ${len(d.title)} characters; this style allows ${lim.text.title_len}.`);
        }
        if (lim.text.text_len >= 0 && len(d.text) > lim.text.text_len) {
          out.push(`Slide ${i + 1}'s text is ${len(d.text)} characters; this style allows ${lim.text.text_len}.`);
        }
      } else {
        const cap = d.text || d.caption;
        if (lim.image.caption_len >= 0 && len(cap) > lim.image.caption_len) {
          out.push(`Slide ${i + 1}'s caption is ${len(cap)} characters; this style allows ${lim.image.caption_len}.`);
        }
      }
    });
    return out;
  }
  function showProblems() {
    const ps = problems();
    problemList.replaceChildren(...ps.map((p) => h('li', { text: p })));
    problemList.hidden = !ps.length;
    if (v.status !== 'processing') renderBtn.disabled = ps.length > 0;
  }
  const result = h('div', { class: 'result', id: 'result' });
  renderBtn.addEventListener('click', async () => {
    renderBtn.disabled = true;
    renderMsg.textContent = 'Saving…';
    dirty = true;
    await save();
    try {
      await api('POST', `/me/videos/${id}/render`);
      v.status = 'processing';
      v.progress = 0;
      showState();
      poll();
    } catch (e) {
      if (!ctx.onAuthError(e)) {
        renderMsg.textContent = `Cannot render: ${e.message}`;
        renderMsg.className = 'error';
      }
      renderBtn.disabled = false;
    }
  });
  async function poll() {
    clearTimeout(pollTimer);
    try {
      const nv = await api('GET', `/me/videos/${id}`);
      if (stopped) return;
      Object.assign(v, { status: nv.status, progress: nv.progress, video: nv.video, thumbnail: nv.thumbnail,
        duration: nv.duration, reason: nv.reason, last_render_error: nv.last_render_error, modified_on: nv.modified_on });
    } catch (e) {
      if (ctx.onAuthError(e)) return;
    }
    showState();
    if (v.status === 'processing' && !stopped) pollTimer = setTimeout(poll, 1000);
  }
  function showState() {
    renderMsg.className = '';
    statusLine.replaceChildren(statusBadge(v));
    if (v.status === 'processing') {
      const pct = Math.round(v.progress || 0);
      renderBar.hidden = false;
      renderBar.value = pct;
      renderMsg.textContent = `Rendering… ${pct}%`;
      renderBtn.disabled = true;
      return;
    }
    renderBar.hidden = true;
    renderBtn.disabled = problems().length > 0;
    if (v.status === 'failed') {
      renderMsg.className = 'error';
      renderMsg.textContent = `The render failed: ${v.reason || 'unknown reason'}`;
    } else if (v.status === 'published') {
      renderMsg.textContent = v.last_render_error ? `The last render failed (${v.last_render_error}); the previous video is still published.` : 'Published.';
    } else {
      renderMsg.textContent = 'Not rendered yet.';
    }
    renderResult();
  }
  function renderResult() {
    const files = v.video || {};
    const qs = QUALITY_ORDER.filter((q) => files[q]);
    if (v.status !== 'published' || !qs.length) {
      result.replaceChildren();
      return;
    }
    const best = files[qs[0]];
    const [pw, ph] = frameSize(v.aspect || '16:9', 360);
    const player = h('video', { id: 'player', src: best.url, controls: true, playsinline: true, preload: 'metadata',
      poster: (v.thumbnail && v.thumbnail[qs[0]]) || null, 'aria-label': `The rendered video, ${qs[0]}p`, width: pw, height: ph,
      dataset: { aspect: v.aspect || '16:9' } });
    const downloads = h('ul', { class: 'downloads', 'aria-label': 'Downloads' }, qs.map((q) => h('li', {},
      h('a', { href: files[q].url, download: '', class: 'download', dataset: { quality: q },
        text: `Download ${q}p (${fmtBytes(files[q].size)})` }))));
    const link = h('input', { type: 'text', readOnly: true, value: best.url, id: 'public-link' });
    const copy = h('button', { type: 'button', class: 'btn secondary', id: 'copy-link', text: 'Copy link' });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(link.value);
        toast('Link copied');
      } catch {
        link.focus();
        link.select();
        toast('Press Ctrl+C (or ⌘C) to copy the selected link');
      }
    });
    result.replaceChildren(h('h3', { text: 'Your video' }), player, downloads,
      h('div', { class: 'linkrow' }, field('Public link', link), copy));
  }

  // ---- duplicate and delete ----
  const dupBtn = h('button', { type: 'button', class: 'btn secondary', id: 'duplicate', text: 'Duplicate' });
  dupBtn.addEventListener('click', async () => {
    await save();
    try {
      const d = await api('POST', `/me/videos/${id}/duplicate`);
      toast('Video duplicated');
      ctx.go(`#/v/${d.id}`);
    } catch (e) {
      if (!ctx.onAuthError(e)) toast(`Could not duplicate: ${e.message}`);
    }
  });
  const confirmBox = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-label': 'Confirm delete' });
  const delBtn = h('button', { type: 'button', class: 'btn danger', id: 'delete', text: 'Delete video' });
  delBtn.addEventListener('click', () => {
    confirmBox.hidden = false;
    confirmBox.querySelector('button').focus();
  });
  const reallyDel = h('button', { type: 'button', class: 'btn danger', id: 'delete-confirm', text: 'Delete permanently' });
  const cancelDel = h('button', { type: 'button', class: 'btn secondary', text: 'Keep it' });
  cancelDel.addEventListener('click', () => { confirmBox.hidden = true; delBtn.focus(); });
  reallyDel.addEventListener('click', async () => {
    clearTimeout(saveTimer);
    dirty = false;
    thumbsAbort.abort();
    try {
      await api('DELETE', `/me/videos/${id}`);
      toast('Video deleted');
      ctx.go('#/');
    } catch (e) {
      if (!ctx.onAuthError(e)) toast(`Could not delete: ${e.message}`);
    }
  });
  confirmBox.append(h('p', { text: 'Delete this video and its renders? This cannot be undone.' }), reallyDel, cancelDel);

  const statusLine = h('p', { class: 'meta', id: 'video-status' });

  // ---- layout ----
  function section(heading, ...kids) {
    const hid = uid('h');
    return h('section', { 'aria-labelledby': hid }, h('h2', { id: hid, text: heading }), kids);
  }
  function fieldset(legend, ...kids) {
    return h('fieldset', {}, h('legend', { text: legend }), kids);
  }

  /** renderAll redraws every control from the state (after load and undo). */
  function renderAll() {
    title.textContent = v.name || 'Untitled video';
    nameInput.value = v.name || '';
    renderStyles();
    renderSlides();
    showProblems();
    renderMusic();
    renderLogo();
    renderCredits();
    renderQuality();
    renderAspect();
    shapeFrame();
    lane.draw();
  }

  // ---- music lane ----
  const lane = musicLane({
    music: () => music,
    start: () => musicStart,
    setStart(t) { musicStart = t; changed(); },
    trim: () => musicTrim,
    setTrim(t) { musicTrim = t; lane.draw(); changed(); },
    ready: () => preview.started(),
    onAuthError: ctx.onAuthError,
  });

  async function load() {
    try {
      const [vid, st, lib, mine, ph, cl] = await Promise.all([
        api('GET', `/me/videos/${id}`), api('GET', '/styles'), api('GET', '/musics'),
        api('GET', '/me/musics'), api('GET', '/me/photos'), api('GET', '/me/clips'),
      ]);
      v = vid;
      styles = st.data || [];
      library = lib.musics || [];
      myMusics = mine.musics || [];
      for (const p of ph.photos || []) photos.set(p.id, p);
      for (const c of cl.clips || []) clips.set(c.id, c);
    } catch (e) {
      if (!ctx.onAuthError(e)) {
        title.textContent = 'Video not found';
        saveState.textContent = e.message;
      }
      return;
    }
    if (stopped) return;
    loaded = (v.assets || []).map((a) => ({ ...a }));
    slides = loaded.filter((a) => a.name === 'image' || a.name === 'video' || a.name === 'text').map((a) => ({ ...a, data: { ...(a.data || {}) } }));
    const m = (v.assets || []).find((a) => a.name === 'music');
    music = m ? m.asset_id : '';
    if (!loaded.length && library.length) {
      // A new video starts with music (the server renders none without):
      // the first library track, which the person can change.
      music = library[0].id;
      dirty = true;
    }
    credits = (v.credit || []).map((c) => [c[0] || '', c[1] || '']);
    if (!v.style && styles.length) {
      v.style = (styles.find((s) => s.is_featured) || styles[0]).machine_name;
      dirty = true;
    }
    title.textContent = v.name || 'Untitled video';
    nameInput.value = v.name || '';
    const lm = (v.assets || []).find((a) => a.name === 'music');
    musicStart = (lm && lm.start_time) || 0;
    musicTrim = (lm && lm.data && lm.data.trim_start) || 0;
    const lg = (v.assets || []).find((a) => a.name === 'logo');
    logo = lg ? { ...lg, data: { ...(lg.data || {}) } } : null;
    edit.append(
      section('Name', field('Video name (required)', nameInput)),
      section('Timeline', slideCount, strip.el, h('div', { class: 'row' }, addText), drop, uploads,
        h('h3', { text: 'Music lane' }), lane.el),
      section('Style', fieldset('Choose a style', styleLimits, styleBox)),
      section('Music', fieldset('Choose the music', musicBox), field('Upload music (MP3 or WAV, up to 50 MB)', musicInput), musicErr),
      section('Logo', field('Upload a logo (PNG, JPEG, WebP or GIF)', logoInput), logoBox, field('Corner', logoCorner), logoNote),
      section('Credits', fieldset('Credits rows shown at the end', creditBox), addCredit),
      section('Quality and shape', field('Quality of the largest rendition', qualitySel),
        field('Shape of the video (aspect)', aspectSel)),
    );
    side.append(
      section('Render', statusLine, problemList, renderBtn, renderBar, renderMsg, result,
        h('div', { class: 'actions' }, dupBtn, delBtn), confirmBox),
    );
    renderAll();
    showState();
    hist.reset();
    saveState.textContent = 'All changes saved';
    if (dirty) save();
    else refreshPreview();
    if (v.status === 'processing') poll();
  }
  load();

  return {
    stop() {
      stopped = true;
      thumbsAbort.abort();
      if (dirty) save();
      clearTimeout(pollTimer);
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('keydown', onKey);
      preview.stop();
    },
  };
}
