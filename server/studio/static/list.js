// The list of the person's videos, newest first, with paging.
import { api } from './api.js';
import { h, fmtDuration, toast } from './dom.js';

const PAGE = '/me/videos?count=12';

/** statusBadge shows a video's status as text with a colour class. */
export function statusBadge(v) {
  const label = { initial: 'Draft', processing: 'Rendering', published: 'Published', failed: 'Failed' }[v.status] || v.status;
  return h('span', { class: `badge ${v.status}`, text: label });
}

function card(v) {
  const thumbURL = v.thumbnail && (v.thumbnail['360'] || Object.values(v.thumbnail)[0]);
  const pic = thumbURL
    ? h('img', { src: thumbURL, alt: '', width: 320, height: 180, loading: 'lazy' })
    : h('span', { class: 'nothumb', text: 'Not rendered yet' });
  const meta = h('p', { class: 'meta' }, statusBadge(v), ' ', h('span', { text: fmtDuration(v.duration) }));
  const parts = [h('a', { href: `#/v/${v.id}`, class: 'thumb-link' }, pic, h('span', { class: 'title', text: v.name || 'Untitled' })), meta];
  if (v.status === 'processing') {
    const pct = Math.round(v.progress || 0);
    parts.push(h('progress', { max: 100, value: pct, 'aria-label': `Render progress of ${v.name || 'Untitled'}` }));
  }
  if (v.status === 'failed' && v.reason) parts.push(h('p', { class: 'error', text: v.reason }));
  return h('li', { class: 'video-card', dataset: { id: v.id } }, parts);
}

/** samePath keeps only the path and query of a paging URL: the API
 * answers absolute URLs under its public address, and the page asks its
 * own origin. */
function samePath(u) {
  const url = new URL(u, location.href);
  return url.pathname + url.search;
}

/** listView shows one page of videos; it returns a controller with stop(). */
export function listView(main, ctx) {
  let timer = 0;
  let stopped = false;
  let page = PAGE;
  const list = h('ul', { class: 'videos', 'aria-label': 'Your videos' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of videos' });
  const status = h('p', { class: 'muted', role: 'status' });
  const newBtn = h('button', { type: 'button', class: 'btn', id: 'new-video', text: 'New video' });
  newBtn.addEventListener('click', async () => {
    newBtn.disabled = true;
    try {
      const v = await api('POST', '/me/videos', { quality: 720 }); // a new video starts at 720p
      ctx.go(`#/v/${v.id}`);
    } catch (e) {
      if (!ctx.onAuthError(e)) toast(`Could not create a video: ${e.message}`);
    } finally {
      newBtn.disabled = false;
    }
  });
  ctx.show('Your videos', h('div', { class: 'head' }, h('h1', { text: 'Your videos' }), newBtn), status, list, pager);

  async function load() {
    clearTimeout(timer);
    let data;
    try {
      data = await api('GET', page);
    } catch (e) {
      if (!ctx.onAuthError(e)) status.textContent = `Could not load your videos: ${e.message}`;
      return;
    }
    if (stopped) return;
    list.replaceChildren(...data.videos.map(card));
    status.textContent = data.videos.length ? '' : 'No videos yet. Choose “New video” to make one.';
    pager.replaceChildren();
    const p = data.paging || {};
    if (p.prev_url) pager.append(h('button', { type: 'button', class: 'btn secondary', text: 'Newer', onclick: () => { page = samePath(p.prev_url); load(); } }));
    if (p.next_url) pager.append(h('button', { type: 'button', class: 'btn secondary', text: 'Older', onclick: () => { page = samePath(p.next_url); load(); } }));
    if (data.videos.some((v) => v.status === 'processing')) timer = setTimeout(load, 2000);
  }
  load();
  return { stop() { stopped = true; clearTimeout(timer); } };
}
