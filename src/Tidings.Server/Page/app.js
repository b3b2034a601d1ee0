// Tidings web page. Every piece of article text reaches the page through textContent (the el() helper below);
// nothing is ever parsed as HTML, and the server's Content-Security-Policy forbids inline scripts.
'use strict';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** Builds an element; string children become text nodes, never markup. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'href') node.setAttribute('href', safeHref(v));
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Only http(s) links and the page's own hash routes; anything else (javascript:, data:) becomes inert. */
function safeHref(v) {
  const s = String(v);
  if (s.startsWith('#/')) return s;
  try {
    const u = new URL(s, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch { return '#'; }
}

const state = {
  reader: localStorage.getItem('tidings.reader') || (navigator.language || 'en').split('-')[0].toLowerCase(),
  languages: new Set(),
  list: [],          // story cards shown on the list view
  cursor: null,
  route: null,
  openStory: null,
};

let names;
function languageName(code) {
  try {
    names = names || new Intl.DisplayNames([state.reader, 'en'], { type: 'language' });
    return names.of(code) || code;
  } catch { return code; }
}

function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return '';
  try { return d.toLocaleDateString(state.reader, { year: 'numeric', month: 'short', day: 'numeric' }); }
  catch { return d.toISOString().slice(0, 10); }
}

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return '';
  try { return d.toLocaleString(state.reader, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }
  catch { return d.toISOString().slice(0, 16).replace('T', ' '); }
}

async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + r.status));
  return body;
}

/** The headline in the reader's language when the story has one. */
function titleFor(story) {
  const titles = story.titles || {};
  if (titles[state.reader]) return titles[state.reader];
  const key = Object.keys(titles).find((k) => k.split('-')[0] === state.reader);
  return key ? titles[key] : (story.title || '(untitled)');
}

/** A small line of articles per day, drawn as SVG (no chart library needed). */
function sparkline(timeline, w = 120, h = 32) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('role', 'img');
  const points = fillDays(timeline || []);
  const total = points.reduce((a, p) => a + p.count, 0);
  svg.setAttribute('aria-label', `${total} articles over ${points.length} day(s)`);
  const title = document.createElementNS(SVG, 'title');
  title.textContent = points.map((p) => `${p.day}: ${p.count}`).join('\n');
  svg.append(title);
  if (points.length === 0) return svg;
  const max = Math.max(...points.map((p) => p.count), 1);
  const x = (i) => points.length === 1 ? w / 2 : 2 + (i * (w - 4)) / (points.length - 1);
  const y = (c) => h - 3 - (c / max) * (h - 6);
  if (points.length === 1) {
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', x(0)); dot.setAttribute('cy', y(points[0].count)); dot.setAttribute('r', 3);
    svg.append(dot);
    return svg;
  }
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.count).toFixed(1)}`).join(' '));
  svg.append(path);
  return svg;
}

/** Days with no article get a zero, so the line shows gaps in time (at most 120 days are drawn). */
function fillDays(timeline) {
  const counts = new Map(timeline.filter((t) => t && t.day).map((t) => [t.day, t.count | 0]));
  const days = [...counts.keys()].sort();
  if (days.length === 0) return [];
  const out = [];
  let d = new Date(days[0] + 'T00:00:00Z');
  const end = new Date(days[days.length - 1] + 'T00:00:00Z');
  if (isNaN(d) || isNaN(end) || (end - d) / 864e5 > 120) return days.map((k) => ({ day: k, count: counts.get(k) }));
  for (; d <= end; d = new Date(d.getTime() + 864e5)) {
    const key = d.toISOString().slice(0, 10);
    out.push({ day: key, count: counts.get(key) || 0 });
  }
  return out;
}

/** Articles per day as bars, for the story page. */
function timelineChart(timeline) {
  const points = fillDays(timeline || []);
  const w = Math.max(240, Math.min(720, points.length * 28)), h = 90;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('viewBox', `0 0 ${w} ${h + 18}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', h + 18);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Articles per day');
  const max = Math.max(...points.map((p) => p.count), 1);
  const bw = w / Math.max(points.length, 1);
  const barW = Math.min(Math.max(bw - 4, 2), 36);
  points.forEach((p, i) => {
    const r = document.createElementNS(SVG, 'rect');
    const bh = (p.count / max) * (h - 4);
    r.setAttribute('x', (i * bw + (bw - barW) / 2).toFixed(1));
    r.setAttribute('y', (h - bh).toFixed(1));
    r.setAttribute('width', barW.toFixed(1));
    r.setAttribute('height', bh.toFixed(1));
    const t = document.createElementNS(SVG, 'title');
    t.textContent = `${p.day}: ${p.count}`;
    r.append(t);
    svg.append(r);
  });
  const labels = (points.length > 1 ? [points[0], points[points.length - 1]] : points).filter(Boolean);
  labels.forEach((p, i) => {
    const t = document.createElementNS(SVG, 'text');
    const single = labels.length === 1;
    t.setAttribute('x', single ? w / 2 : i === 0 ? 2 : w - 2);
    t.setAttribute('y', h + 14);
    t.setAttribute('font-size', '11');
    t.setAttribute('fill', '#5d6875');
    t.setAttribute('text-anchor', single ? 'middle' : i === 0 ? 'start' : 'end');
    t.textContent = p.day;
    svg.append(t);
  });
  return svg;
}

function badges(story) {
  const counts = story.language_counts || {};
  return (story.languages || []).map((l) =>
    el('span', { class: 'badge', title: languageName(l) + (counts[l] ? ` (${counts[l]})` : '') }, l + (counts[l] > 1 ? ` ${counts[l]}` : '')));
}

function storyCard(story) {
  const sources = (story.sources || []).map((s) => s.name);
  const shown = sources.slice(0, 3).join(', ') + (sources.length > 3 ? ` +${sources.length - 3}` : '');
  return el('li', { class: 'card', 'data-story': story.id },
    el('h2', {}, el('a', { href: `#/story/${story.id}` }, titleFor(story))),
    sparkline(story.timeline),
    el('div', { class: 'meta' },
      el('span', {}, ...badges(story)),
      el('span', {}, el('span', { class: 'count' }, String(story.articles ?? 0)), ' reports'),
      typeof story.copies === 'number' ? el('span', {}, el('span', { class: 'count' }, String(story.copies)), ' copies') : null,
      shown ? el('span', { class: 'sources' }, shown) : null,
      el('span', {}, fmtDate(story.first_seen) + (fmtDate(story.last_seen) !== fmtDate(story.first_seen) ? ' – ' + fmtDate(story.last_seen) : ''))));
}

function filters() {
  const p = new URLSearchParams();
  const lang = $('lang').value;
  if (lang) p.set('lang', lang);
  const days = Number($('since').value);
  if (days > 0) p.set('since', new Date(Date.now() - days * 864e5).toISOString().slice(0, 19) + 'Z');
  return p;
}

function rememberLanguages(stories) {
  let added = false;
  for (const s of stories) for (const l of s.languages || []) if (!state.languages.has(l)) { state.languages.add(l); added = true; }
  if (!added) return;
  for (const select of [$('lang'), $('reader')]) {
    const current = select.value || (select.id === 'reader' ? state.reader : '');
    const keep = select.id === 'lang' ? [el('option', { value: '' }, 'all')] : [];
    const langs = [...new Set([...state.languages, state.reader])].sort();
    select.replaceChildren(...keep, ...langs.map((l) => el('option', { value: l }, `${languageName(l)} (${l})`)));
    select.value = current;
  }
}

async function showList(append) {
  const view = $('view');
  const params = filters();
  params.set('limit', '30');
  if (append && state.cursor) params.set('cursor', state.cursor);
  let page;
  try {
    page = await getJson('/api/stories?' + params);
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error' }, 'Could not load the stories: ' + e.message));
    return;
  }
  state.list = append ? state.list.concat(page.stories) : page.stories;
  state.cursor = page.next_cursor || null;
  rememberLanguages(page.stories);
  renderList();
}

function renderList() {
  const view = $('view');
  const list = el('ul', { class: 'stories', id: 'stories' }, state.list.map(storyCard));
  const parts = [el('p', { class: 'status', id: 'status' }, state.list.length ? `${state.list.length} stories${state.cursor ? ' (more below)' : ''}` : 'No stories yet. Post documents to /api/documents.'), list];
  if (state.cursor) {
    const more = el('button', { class: 'more', type: 'button' }, 'More stories');
    more.addEventListener('click', () => showList(true));
    parts.push(more);
  }
  view.replaceChildren(...parts);
}

/** A story from the stream: update its card in place, or put it where it belongs in the list. */
function liveStory(change, story) {
  rememberLanguages([story]);
  if (state.route && state.route.name === 'story' && state.route.id === story.id) {
    showStory(story.id, true);
    return;
  }
  if (!state.route || state.route.name !== 'list') return;
  const lang = $('lang').value;
  if (lang && !(story.languages || []).some((l) => l === lang || l.startsWith(lang + '-'))) return;
  const at = state.list.findIndex((s) => s.id === story.id);
  if (at >= 0) state.list.splice(at, 1);
  const pos = state.list.findIndex((s) => s.articles < story.articles || (s.articles === story.articles && s.last_seen <= story.last_seen));
  if (pos < 0 && state.cursor) return; // belongs further down than what is loaded
  state.list.splice(pos < 0 ? state.list.length : pos, 0, story);
  renderList();
  const card = document.querySelector(`[data-story="${Number(story.id)}"]`);
  if (card) { card.classList.add('fresh'); setTimeout(() => card.classList.remove('fresh'), 2500); }
}

function articleItem(a, copies) {
  const bits = [a.site || (a.url ? hostOf(a.url) : null), fmtTime(a.published || a.ingested_at)].filter(Boolean).join(' · ');
  const head = a.url ? el('a', { class: 'title', href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.title || '(untitled)')
    : el('span', { class: 'title' }, a.title || '(untitled)');
  const li = el('li', { 'data-article': a.id, lang: a.language }, head, el('div', { class: 'meta' }, bits));
  if (a.evidence) li.append(el('div', { class: 'evidence' }, 'why: ' + (typeof a.evidence === 'string' ? a.evidence : JSON.stringify(a.evidence))));
  if (copies && copies.length) {
    li.append(el('details', { class: 'copies' }, el('summary', {}, `${copies.length} near-cop${copies.length === 1 ? 'y' : 'ies'}`),
      el('ul', { class: 'articles' }, copies.map((c) => articleItem(c)))));
  }
  return li;
}

function hostOf(url) { try { return new URL(url).hostname; } catch { return ''; } }

async function showStory(id, quiet) {
  const view = $('view');
  if (!quiet) view.replaceChildren(el('p', { class: 'status' }, 'Loading…'));
  let data;
  try {
    data = await getJson('/api/stories/' + encodeURIComponent(id));
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error' }, 'Could not load the story: ' + e.message), el('a', { href: '#/' }, '← all stories'));
    return;
  }
  const s = data.story;
  rememberLanguages([s]);
  const groups = data.groups || [];
  const sections = groups.map((g) => {
    // near-copies (an article naming the one it copies) fold under their original
    const byId = new Map(g.articles.map((a) => [a.id, a]));
    const copies = new Map();
    const originals = [];
    for (const a of g.articles) {
      const of = a.copy_of || a.near_copy_of;
      if (of && byId.has(of)) { if (!copies.has(of)) copies.set(of, []); copies.get(of).push(a); } else originals.push(a);
    }
    return el('section', { class: 'section', 'data-language': g.language },
      el('h2', {}, `${languageName(g.language)} (${g.language}) · ${g.articles.length}`),
      el('ul', { class: 'articles' }, originals.map((a) => articleItem(a, copies.get(a.id)))));
  });
  const mentions = data.key_mentions || s.key_mentions;
  view.replaceChildren(el('article', { class: 'story' },
    el('a', { href: '#/' }, '← all stories'),
    el('h1', {}, titleFor(s)),
    el('div', { class: 'meta' }, el('span', {}, ...badges(s)), el('span', {}, `${s.articles} reports`),
      typeof s.copies === 'number' ? el('span', {}, `${s.copies} copies`) : null,
      el('span', {}, fmtDate(s.first_seen) + ' – ' + fmtDate(s.last_seen))),
    Array.isArray(mentions) && mentions.length ? el('section', { class: 'section' }, el('h2', {}, 'Key mentions'),
      el('ul', { class: 'mentions' }, mentions.map((m) => el('li', {}, typeof m === 'string' ? m : (m.text || m.name || m.key || JSON.stringify(m)) + (m.count ? ` ×${m.count}` : ''))))) : null,
    el('section', { class: 'section' }, el('h2', {}, 'Timeline'), timelineChart(s.timeline)),
    (s.sources || []).length ? el('section', { class: 'section' }, el('h2', {}, 'Sources'),
      el('p', { class: 'meta' }, s.sources.map((x) => `${x.name} (${x.count})`).join(', '))) : null,
    ...sections));
  document.title = titleFor(s) + ' · Tidings';
}

async function showSearch(q) {
  const view = $('view');
  $('q').value = q;
  view.replaceChildren(el('p', { class: 'status' }, 'Searching…'));
  const params = new URLSearchParams({ q, limit: '50' });
  if ($('lang').value) params.set('lang', $('lang').value);
  let hits;
  try {
    hits = await getJson('/api/search?' + params);
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error' }, 'Search failed: ' + e.message));
    return;
  }
  view.replaceChildren(
    el('p', { class: 'status', id: 'status' }, `${hits.length} article${hits.length === 1 ? '' : 's'} for “${q}”`),
    el('ul', { class: 'hits', id: 'hits' }, hits.map((h) => el('li', {},
      el('div', {}, el('span', { class: 'badge' }, h.article.language), ' ',
        h.article.story_id ? el('a', { href: `#/story/${h.article.story_id}` }, h.article.title || '(untitled)') : h.article.title),
      el('div', { class: 'snippet' }, h.snippet || ''),
      el('div', { class: 'meta' }, [h.article.site, fmtTime(h.article.published || h.article.ingested_at)].filter(Boolean).join(' · '))))));
  document.title = `${q} · Tidings`;
}

function route() {
  const hash = location.hash || '#/';
  const story = /^#\/story\/(\d+)$/.exec(hash);
  const search = /^#\/search\?(.*)$/.exec(hash);
  if (story) {
    state.route = { name: 'story', id: Number(story[1]) };
    showStory(story[1]);
  } else if (search) {
    const q = new URLSearchParams(search[1]).get('q') || '';
    state.route = { name: 'search', q };
    showSearch(q);
  } else {
    state.route = { name: 'list' };
    document.title = 'Tidings';
    $('q').value = '';
    showList(false);
  }
}

function connect() {
  if (!window.EventSource) return;
  const live = $('live');
  const source = new EventSource('/api/stream');
  source.addEventListener('hello', () => { live.textContent = 'live'; live.className = 'live on'; });
  source.addEventListener('story', (e) => {
    try {
      const msg = JSON.parse(e.data);
      if (msg && msg.story) liveStory(msg.change, msg.story);
    } catch { /* a malformed event is skipped */ }
  });
  source.onerror = () => { live.textContent = 'reconnecting'; live.className = 'live off'; };
}

function start() {
  const reader = $('reader');
  reader.replaceChildren(el('option', { value: state.reader }, `${languageName(state.reader)} (${state.reader})`));
  reader.value = state.reader;
  reader.addEventListener('change', () => {
    state.reader = reader.value;
    names = null;
    localStorage.setItem('tidings.reader', state.reader);
    route();
  });
  const go = (hash) => { if (location.hash === hash || (hash === '#/' && !location.hash)) route(); else location.hash = hash; };
  $('lang').addEventListener('change', () => (state.route && state.route.name === 'search' ? route() : go('#/')));
  $('since').addEventListener('change', () => go('#/'));
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('q').value.trim();
    location.hash = q ? '#/search?' + new URLSearchParams({ q }) : '#/';
  });
  window.addEventListener('hashchange', route);
  route();
  connect();
}

document.addEventListener('DOMContentLoaded', start);
