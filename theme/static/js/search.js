// Search and filters for /circles/ and /courses/, on Pagefind's JavaScript API.
// It only enhances the page: without it the static listing stays. Pagefind is loaded on
// the first interaction (or when the address already holds a search). The state lives in
// the query string (?q=...&language=es&weekday=tuesday&sort=title), so a search can be
// shared and the back button steps through it. The visitor's location, asked for only
// when "Near me" is pressed, never leaves the page.

const PAGE = 24;          // results rendered at a time
const NEAR_LIMIT = 500;   // results whose places are loaded to sort by distance
const TYPING_DELAY = 120; // ms after the last keystroke

const root = document.querySelector("[data-finder]");
if (root) start(root);
// The home page's search box sends its words to /circles/, which searches them.
for (const entry of document.querySelectorAll("[data-finder-entry]")) entry.hidden = false;

function start(root) {
  const kind = root.dataset.finder;
  const form = root.querySelector("form");
  const input = form.querySelector("input[type=search]");
  const sortSelect = form.querySelector("select[name=sort]");
  const nearButton = form.querySelector("[data-near-me]");
  const status = root.querySelector("[data-status]");
  const resultsBox = root.querySelector(".finder-results");
  const list = root.querySelector("[data-results]");
  const empty = root.querySelector("[data-empty]");
  const more = root.querySelector("[data-more]");
  const staticListing = document.querySelector("[data-finder-static]");
  const words = JSON.parse(root.querySelector("[data-finder-words]").textContent);
  const lang = document.documentElement.lang || "en";
  const plural = new Intl.PluralRules(lang);
  // The index links to the root language's pages; on a page in another language, link to
  // the same page in that language: /circles/x/ -> /es/circles/x/.
  const siteRoot = new URL(root.dataset.siteRoot || "/", location.href).pathname;
  const langRoot = new URL(root.dataset.langPrefix || siteRoot, location.href).pathname;
  const localized = (url) => url.startsWith(siteRoot) ? langRoot + url.slice(siteRoot.length) : url;
  const facetsBox = root.querySelector("[data-facets]");
  const boxes = [...root.querySelectorAll("input[type=checkbox]")];
  const groups = [...new Set(boxes.map((b) => b.name))];
  const defaultSort = sortSelect.options[0].value;

  let pagefind = null;
  let filtersLoaded = null;
  let run = 0;            // the latest search; older ones drop their answers
  let shown = [];         // [{result, data}] in display order
  let pending = [];       // results not yet rendered
  let here = null;        // {lat, lon} while sorting by distance
  let typing = 0;

  root.hidden = false;
  if (!matchMedia("(min-width: 56rem)").matches) facetsBox.open = false;
  if (nearButton && "geolocation" in navigator) {
    nearButton.hidden = false;
    document.getElementById("near-me-hint").hidden = false;
  }

  // -- state <-> URL and controls ------------------------------------------------------

  function readControls() {
    const state = { q: input.value.trim(), sort: sortSelect.value, filters: {} };
    for (const name of groups) {
      state.filters[name] = boxes.filter((b) => b.name === name && b.checked).map((b) => b.value);
    }
    return state;
  }

  function isDefault(name, values) {
    const defaults = boxes.filter((b) => b.name === name && b.hasAttribute("data-default"));
    return values.length === defaults.length && defaults.every((b) => values.includes(b.value));
  }

  function toQuery(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const name of groups) {
      const values = state.filters[name];
      if (isDefault(name, values)) continue;
      if (!values.length) params.append(name, "any");
      for (const value of values) params.append(name, value);
    }
    if (state.sort && state.sort !== defaultSort && state.sort !== "distance") {
      params.set("sort", state.sort);
    }
    const text = params.toString();
    return text ? `?${text}` : location.pathname;
  }

  function applyQuery(search) {
    const params = new URLSearchParams(search);
    input.value = params.get("q") || "";
    for (const name of groups) {
      const asked = params.getAll(name);
      for (const box of boxes.filter((b) => b.name === name)) {
        box.checked = asked.length ? asked.includes(box.value) : box.hasAttribute("data-default");
      }
    }
    const sort = params.get("sort");
    sortSelect.value = [...sortSelect.options].some((o) => o.value === sort && !o.disabled)
      ? sort : defaultSort;
    if (here) stopNear(false);
  }

  function isIdle(state) {
    return !state.q && !here && state.sort === defaultSort
      && groups.every((name) => isDefault(name, state.filters[name]));
  }

  function pagefindFilters(state, without) {
    const filters = { type: kind };
    for (const name of groups) {
      if (name !== without && state.filters[name].length) filters[name] = { any: state.filters[name] };
    }
    return filters;
  }

  function pagefindSort(state) {
    if (state.sort === "relevance" || state.sort === "distance") return {};
    return { [state.sort]: "asc" };
  }

  // -- searching -----------------------------------------------------------------------

  async function load() {
    if (!pagefind) {
      pagefind = import(root.dataset.pagefind).then(async (module) => {
        await module.init();
        return module;
      });
      pagefind.catch(() => { pagefind = null; });
    }
    return pagefind;
  }

  async function update() {
    const state = readControls();
    const mine = ++run;
    if (isIdle(state)) {
      showStatic(true);
      status.textContent = "";
      if (pagefind) refreshCounts(state, await search(state), mine);
      return;
    }
    let answer;
    try {
      answer = await search(state);
    } catch (error) {
      showStatic(true);
      status.textContent = words.failed;
      return;
    }
    if (mine !== run) return;
    let results = answer.results;
    if (here) results = await byDistance(results);
    if (mine !== run) return;
    showStatic(false);
    list.replaceChildren();
    shown = [];
    pending = results;
    await renderMore(false, mine);
    if (mine !== run) return;
    empty.hidden = results.length > 0;
    announce(state, results.length);
    refreshCounts(state, answer, mine);
  }

  async function search(state) {
    const module = await load();
    return module.search(state.q || null, {
      filters: pagefindFilters(state), sort: pagefindSort(state),
    });
  }

  // Counts per option: within a group with a selection, count as if that group's own
  // selection were not made (OR within a group, AND across groups).
  async function refreshCounts(state, answer, mine) {
    const module = await load();
    if (!filtersLoaded) {
      filtersLoaded = module.filters(); // every group's counts, not only those searched
      await filtersLoaded;
      answer = await search(state);
    }
    if (mine !== run) return;
    const counts = { ...answer.filters };
    await Promise.all(groups.filter((name) => state.filters[name].length).map(async (name) => {
      const other = await module.search(state.q || null, {
        filters: pagefindFilters(state, name),
      });
      counts[name] = other.filters[name] || {};
    }));
    if (mine !== run) return;
    for (const box of boxes) {
      const count = (counts[box.name] || {})[box.value] || 0;
      const label = box.closest("label");
      label.querySelector("[data-count]").textContent = `(${count})`;
      label.classList.toggle("is-empty", count === 0 && !box.checked);
    }
    let changed = 0;
    for (const details of root.querySelectorAll("[data-facet]")) {
      const chosen = [...details.querySelectorAll("input:checked")].length;
      details.querySelector("[data-chosen]").textContent = chosen ? `(${chosen})` : "";
      if (!isDefault(details.dataset.facet, state.filters[details.dataset.facet])) changed += chosen;
    }
    root.querySelector("[data-chosen-all]").textContent = changed ? `(${changed})` : "";
  }

  function announce(state, count) {
    const forms = state.q ? words.resultsFor : words.results;
    const template = forms[plural.select(count)] || forms.other;
    let text = count ? fill(template, { count: count.toLocaleString(lang), query: state.q })
      : words.none;
    if (count > shown.length) {
      text += " " + fill(words.showing, { shown: shown.length, count: count.toLocaleString(lang) });
    }
    if (here && count) text += " " + words.nearSorted;
    status.textContent = text;
  }

  async function renderMore(focusFirst, mine = run) {
    const batch = pending.slice(0, PAGE);
    pending = pending.slice(PAGE);
    const items = await Promise.all(batch.map(async (entry) => ("result" in entry) ? entry
      : { result: entry, data: await entry.data() }));
    if (mine !== run) return;
    const nodes = items.map(card);
    list.append(...nodes);
    shown.push(...items);
    more.hidden = pending.length === 0;
    if (focusFirst && nodes[0]) nodes[0].querySelector("a").focus();
  }

  function showStatic(yes) {
    if (staticListing) staticListing.hidden = !yes;
    resultsBox.hidden = yes;
  }

  // -- near me -------------------------------------------------------------------------

  function startNear() {
    status.textContent = words.nearAsking;
    navigator.geolocation.getCurrentPosition((position) => {
      here = { lat: position.coords.latitude, lon: position.coords.longitude };
      nearButton.setAttribute("aria-pressed", "true");
      const option = sortSelect.querySelector("option[value=distance]");
      option.disabled = false;
      sortSelect.value = "distance";
      update();
    }, () => {
      status.textContent = words.nearDenied;
    }, { maximumAge: 600000, timeout: 15000 });
  }

  function stopNear(announceIt = true) {
    here = null;
    nearButton.setAttribute("aria-pressed", "false");
    sortSelect.querySelector("option[value=distance]").disabled = true;
    if (sortSelect.value === "distance") sortSelect.value = defaultSort;
    if (announceIt) status.textContent = words.nearOff;
  }

  // In-person circles by distance, then those without coordinates, then online ones.
  async function byDistance(results) {
    const head = await Promise.all(results.slice(0, NEAR_LIMIT).map(async (result) => {
      const data = await result.data();
      const { lat, lon } = data.meta;
      const km = lat && lon && !data.meta.online ? distance(here, { lat: +lat, lon: +lon }) : null;
      return { result, data, km };
    }));
    const rank = (e) => (e.km !== null ? 0 : e.data.meta.online ? 2 : 1);
    head.sort((a, b) => rank(a) - rank(b) || (a.km ?? 0) - (b.km ?? 0));
    return [...head, ...results.slice(NEAR_LIMIT)];
  }

  function distance(a, b) {
    const rad = Math.PI / 180;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h = Math.sin(dLat / 2) ** 2
      + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    return 12742 * Math.asin(Math.sqrt(h));
  }

  // -- result cards: every value goes in as text ----------------------------------------

  function card(item) {
    const meta = item.data.meta;
    const li = el("li");
    const article = el("article", `card ${kind}-card`);
    if (meta.lang && meta.lang !== lang) article.lang = meta.lang;
    const heading = el("h3", "card-title");
    heading.dir = "auto";
    const link = el("a", "", meta.title);
    link.href = localized(item.data.url);
    heading.append(link);
    article.append(heading);
    if (kind === "circle") circleFacts(article, meta, item.km);
    else courseFacts(article, meta);
    li.append(article);
    return li;
  }

  function circleFacts(article, meta, km) {
    const facts = el("ul", "card-facts");
    const where = meta.online ? words.online
      : [meta.city, label("country", meta.country)].filter(Boolean).join(", ");
    facts.append(el("li", "fact-where", where));
    const prefix = meta.status === "completed" ? words.ended
      : meta.status === "in-progress" ? words.next : words.starts;
    facts.append(el("li", "fact-when", `${prefix} ${when(meta)}`));
    facts.append(el("li", "fact-language", label("language", meta.lang)));
    if (km != null) facts.append(el("li", "fact-distance", fill(words.away, { distance: kilometres(km) })));
    article.append(facts);
    const badges = el("p", "card-badges");
    badges.append(el("span", `badge status-${meta.status}`, label("status", meta.status)), " ",
      el("span", `badge signup-${meta.signup}`, label("signup", meta.signup)));
    article.append(badges);
  }

  function courseFacts(article, meta) {
    article.append(el("p", "card-provider", meta.provider || ""));
    if (meta.summary) article.append(el("p", "card-summary", meta.summary));
    const facts = el("ul", "card-facts");
    for (const text of [label("language", meta.lang), label("format", meta.format), label("cost", meta.cost)]) {
      if (text) facts.append(el("li", "", text));
    }
    article.append(facts);
    for (const node of article.querySelectorAll(".card-provider, .card-summary")) node.dir = "auto";
  }

  // "Tuesday, Mar 2, 2027, 18:00 EST": the local date and time as the page writes them,
  // read from the ISO text so that no time zone conversion can shift them.
  function when(meta) {
    const [, y, m, d, hh, mm] = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(meta.start) || [];
    if (!y) return "";
    const day = new Date(Date.UTC(+y, m - 1, +d, 12));
    const date = new Intl.DateTimeFormat(lang, {
      weekday: "long", year: "numeric", month: "short", day: "numeric", timeZone: "UTC",
    }).format(day);
    return meta.status === "completed" ? date : `${date}, ${hh}:${mm} ${meta.zone || ""}`.trim();
  }

  function kilometres(km) {
    const digits = km < 10 ? 1 : 0;
    return new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: digits }).format(km);
  }

  function label(group, value) {
    return (words.labels[group] || {})[value] || value || "";
  }

  // -- wiring --------------------------------------------------------------------------

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    commit(false).then(() => { if (!resultsBox.hidden) resultsBox.focus(); });
  });
  input.addEventListener("input", () => {
    clearTimeout(typing);
    load().then((module) => module.preload(input.value.trim())).catch(() => {});
    typing = setTimeout(() => commit(true), TYPING_DELAY);
  });
  input.addEventListener("focus", () => { load().catch(() => {}); }, { once: true });
  root.addEventListener("change", (event) => {
    if (event.target === input) return;
    if (event.target === sortSelect && sortSelect.value !== "distance" && here) stopNear(false);
    commit(false);
  });
  root.querySelector("[data-clear]").addEventListener("click", () => {
    applyQuery("");
    commit(false);
    input.focus();
  });
  more.addEventListener("click", async () => {
    await renderMore(true);
    announce(readControls(), shown.length + pending.length);
  });
  if (nearButton) {
    nearButton.addEventListener("click", () => {
      if (here) {
        stopNear();
        update();
      } else {
        startNear();
      }
    });
  }
  window.addEventListener("popstate", () => {
    applyQuery(location.search);
    update();
  });

  // A filter or sort change adds a history entry; so does the first keystroke of a
  // search, and the following ones replace it.
  function commit(typed) {
    const target = toQuery(readControls());
    if (target !== location.search && !(target === location.pathname && !location.search)) {
      const replace = typed && new URLSearchParams(location.search).has("q");
      history[replace ? "replaceState" : "pushState"](null, "", target);
    }
    return update();
  }

  applyQuery(location.search);
  if (!isIdle(readControls())) update();
}

function el(name, className = "", text = null) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== null) node.textContent = text;
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}
