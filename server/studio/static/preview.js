// The editor's preview: a <video> that plays the draft (a 144p fragmented
// MP4 the server streams while it renders: motion, transitions, music)
// and is pointed at the new draft a moment after each saved edit, plus a
// scrubber that shows the exact frame at any time (a 360p still).
import { api, fetchBlob } from './api.js';
import { h, field } from './dom.js';

/** fmtT formats seconds as m:ss.t. */
export function fmtT(t) {
  return `${Math.floor(t / 60)}:${(t % 60).toFixed(1).padStart(4, '0')}`;
}

/**
 * previewPanel builds the preview of video id. ctx.onAuthError handles a
 * lost session; onTimeline(tl) is told each new plan (durations of the
 * slides, the total length). It returns { el, refresh(rev, blocker),
 * shape(aspect, w, h), stop() }.
 */
export function previewPanel(id, ctx, onTimeline) {
  let stopped = false;
  let rev = -1;
  let frameURL = '';
  let frameBusy = false;
  let frameWant = null;
  let resumeAt = 0;
  let hasVideo = false;

  const video = h('video', { id: 'preview', playsinline: true, controls: true, loop: true, preload: 'auto',
    'aria-label': 'Preview of the video as it is now (low resolution)', hidden: true });
  // The exact frame the scrubber asks for, shown over the video while
  // scrubbing; hidden (never a broken image) until a frame has arrived.
  const frame = h('img', { class: 'frame', id: 'frame', alt: '', hidden: true });
  const empty = h('p', { class: 'stage-empty', id: 'preview-empty', text: 'The preview appears here once the video has a slide.' });
  const stage = h('div', { class: 'stage', id: 'stage', dataset: { aspect: '16:9' } }, video, frame, empty);
  const scrub = h('input', { type: 'range', id: 'scrub', min: 0, max: 1, step: 0.1, value: 0, disabled: true });
  const timeOut = h('output', { for: 'scrub', id: 'scrub-time', text: '0:00.0' });
  const total = h('p', { class: 'total', id: 'total-length', text: 'Length: 0:00.0' });
  const msg = h('p', { class: 'muted', id: 'preview-msg', role: 'status' });

  video.addEventListener('play', () => { frame.hidden = true; });
  // Re-pointed at a new draft: once the stream has reached the time the
  // person was watching, go back there.
  video.addEventListener('progress', () => {
    if (resumeAt > 0 && video.buffered.length && video.buffered.end(video.buffered.length - 1) > resumeAt + 0.5) {
      video.currentTime = resumeAt;
      resumeAt = 0;
    }
  });
  video.addEventListener('error', () => {
    if (hasVideo) msg.textContent = 'The preview could not be played; it is made again after the next change.';
  });

  scrub.addEventListener('input', () => {
    const t = Number(scrub.value);
    if (!video.paused) video.pause();
    if (hasVideo && video.readyState > 0) video.currentTime = Math.min(t, video.duration || t);
    requestFrame(t);
  });

  function play() {
    // With sound when the browser allows it (the person clicked into the
    // editor), else muted: the controls turn the sound on.
    video.play().catch(() => {
      video.muted = true;
      video.play().catch(() => {});
    });
  }

  /** refresh plans the draft (saved as revision r) and points the video at it. */
  async function refresh(r, blocker) {
    if (blocker) {
      readyDone();
      scrub.disabled = true;
      msg.textContent = blocker;
      if (!hasVideo) empty.textContent = blocker;
      return;
    }
    let tl;
    try {
      tl = await api('GET', `/me/videos/${id}/timeline`);
    } catch (e) {
      if (!ctx.onAuthError(e)) msg.textContent = `No preview: ${e.message}`;
      readyDone();
      return;
    }
    if (stopped) return;
    onTimeline(tl);
    scrub.max = String(tl.duration);
    scrub.disabled = false;
    total.textContent = `Length: ${fmtT(tl.duration)}`;
    msg.textContent = '';
    if (r !== rev) {
      rev = r;
      resumeAt = hasVideo && video.currentTime < tl.duration ? video.currentTime : 0;
      hasVideo = true;
      empty.hidden = true;
      video.hidden = false;
      readyDone();
      arm();
      video.src = `/me/videos/${id}/preview.mp4?rev=${r}`;
      play();
    }
    timeOut.textContent = `${fmtT(Number(scrub.value))} / ${fmtT(tl.duration)}`;
  }

  function requestFrame(t) {
    frameWant = t;
    timeOut.textContent = `${fmtT(t)} / ${fmtT(Number(scrub.max))}`;
    scrub.setAttribute('aria-valuetext', fmtT(t));
    if (!frameBusy) pumpFrames();
  }
  async function pumpFrames() {
    frameBusy = true;
    while (frameWant !== null && !stopped) {
      const t = frameWant;
      frameWant = null;
      try {
        const res = await fetchBlob(`/me/videos/${id}/frame.jpg?t=${t.toFixed(2)}&rev=${rev}`);
        const url = URL.createObjectURL(await res.blob());
        await new Promise((ok) => { frame.onload = ok; frame.onerror = ok; frame.src = url; });
        if (frameURL) URL.revokeObjectURL(frameURL);
        frameURL = url;
        frame.alt = `The exact frame at ${t.toFixed(1)} seconds`;
        frame.dataset.frame = res.headers.get('X-Frame-Index') || '';
        frame.dataset.t = t.toFixed(2);
        frame.hidden = !video.paused && hasVideo;
      } catch (e) {
        if (!ctx.onAuthError(e)) msg.textContent = `No frame: ${e.message}`;
      }
    }
    frameBusy = false;
  }

  /** shape sets the stage to the video's aspect. */
  function shape(aspect) {
    stage.dataset.aspect = aspect;
    frame.dataset.aspect = aspect;
  }

  const el = h('div', { class: 'preview-pane', id: 'preview-pane' },
    h('h2', { class: 'sr-only', text: 'Preview' }), stage,
    h('div', { class: 'scrubrow' }, field('Exact frame at', scrub), timeOut), total, msg);
  // ready settles when the preview being loaded can play, failed, or
  // 8 s passed: other requests (thumbnails, the waveform) wait for it, as
  // a browser opens only six connections to a server and the server's
  // cores are better spent on the stream first.
  let readyDone = null;
  let ready = null;
  function arm() {
    let timer = 0;
    ready = new Promise((ok) => {
      readyDone = () => { clearTimeout(timer); ok(); };
      timer = setTimeout(readyDone, 8000);
    });
  }
  arm();
  video.addEventListener('canplay', () => readyDone());
  video.addEventListener('error', () => readyDone());
  /** started resolves once the current preview can play (or failed, or 8 s passed). */
  async function started() {
    let p;
    do {
      p = ready;
      await p;
    } while (p !== ready); // a newer preview began meanwhile: wait for it
  }

  return {
    el,
    video,
    started,
    refresh,
    shape,
    stop() {
      stopped = true;
      video.removeAttribute('src');
      video.load();
      if (frameURL) URL.revokeObjectURL(frameURL);
    },
  };
}
