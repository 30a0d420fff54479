// Search and filters for /circles/ and /courses/ on Pagefind; without it the static
// listing stays. The state lives in the query string; the location never leaves the page.

const PAGE = 24;          // results rendered at a time
const NEAR_LIMIT = 500;   // results whose places are loaded to sort by distance
const TYPING_DELAY = 120; // ms after the last keystroke

const root = document.querySelector("[data-finder]");
if (root) start(root);
// The home page's search box, which leads to /circles/.
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
  const summary = root.querySelector("[data-summary]");
  const idleParts = document.querySelectorAll("[data-finder-idle]");
  const words = JSON.parse(root.querySelector("[data-finder-words]").textContent);
  const lang = document.documentElement.lang || "en";
  const plural = new Intl.PluralRules(lang);
  const either = new Intl.ListFormat(lang, { type: "disjunction" });
  // Links lead to this language's pages: /circles/x/ -> /es/circles/x/.
  const siteRoot = new URL(root.dataset.siteRoot || "/", location.href).pathname;
  const langRoot = new URL(root.dataset.langPrefix || siteRoot, location.href).pathname;
  const localized = (url) => url.startsWith(siteRoot) ? langRoot + url.slice(siteRoot.length) : url;
  const facetsBox = root.querySelector("[data-facets]");
  const boxes = [...root.querySelectorAll("input[type=checkbox]")];
  const groups = [...new Set(boxes.map((b) => b.name))];
  const defaultSort = sortSelect.options[0].value;
  // The module that writes when a circle meets.
  let lines = kind === "circle" && import("./card-when.js");

  // [{path, types, statuses}]: circles are in two bundles, current and completed.
  const bundles = JSON.parse(root.dataset.bundles);
  const instances = new Map(); // bundle path -> Promise of its Pagefind instance
  let making = Promise.resolve(); // the instance made last
  const countOf = (box) => box.closest("label").querySelector("[data-count]");
  const staticCounts = boxes.map((b) => countOf(b).textContent);

  let run = 0;            // the latest search; older ones drop their answers
  let shown = [];         // [{result, data}] in display order
  let pending = listOf([]); // results not yet rendered
  let here = null;        // {lat, lon} while sorting by distance
  let typing = 0;
  let countsStale = false; // counts wait for the filter panel to open

  root.hidden = false;
  // The static listing goes in the results column.
  if (staticListing) root.querySelector(".finder-main").append(staticListing);
  showCounts(staticCounts);
  if (!matchMedia("(min-width: 56rem)").matches) facetsBox.open = false;
  if (nearButton && "geolocation" in navigator) {
    nearButton.hidden = false;
    document.getElementById("near-me-hint").hidden = false;
  }

  // -- state <-> URL and controls

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
    if (![defaultSort, "distance", ""].includes(state.sort)) params.set("sort", state.sort);
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

  // "type" where a bundle holds several; "status" where it holds some not let through.
  function pagefindFilters(state, bundle, without) {
    const filters = bundle.types.length > 1 ? { type: kind } : {};
    for (const name of groups) {
      const values = state.filters[name];
      if (name === without || !values.length) continue;
      if (name === "status" && bundle.statuses && bundle.statuses.every((s) => values.includes(s))) continue;
      filters[name] = { any: values };
    }
    return filters;
  }

  function pagefindSort(state) {
    return ["relevance", "distance"].includes(state.sort) ? {} : { [state.sort]: "asc" };
  }

  // The bundles holding a status let through (none chosen: all).
  function bundlesFor(state, without) {
    const chosen = without === "status" ? [] : state.filters.status || [];
    return bundles.filter((b) => !b.statuses || !chosen.length
      || b.statuses.some((s) => chosen.includes(s)));
  }

  // -- searching

  // A bundle's Pagefind instance, on the first bundle's script; for counting, with every
  // filter loaded. Instances share one WebAssembly module, so they are made one at a time.
  function load(bundle, counting = false) {
    const key = bundle.path + (counting ? "#counting" : "");
    if (!instances.has(key)) {
      const made = counting ? load(bundle).then(async (i) => { await i.filters(); return i; })
        : (making = making.catch(() => {}).then(() => import(`${bundles[0].path}pagefind.js`))
          .then(async (module) => {
            const instance = module.createInstance({ basePath: new URL(bundle.path, location.href).href });
            await instance.preload(""); // resolves once its WebAssembly and metadata are in
            return instance;
          }));
      made.catch(() => instances.delete(key));
      instances.set(key, made);
    }
    return instances.get(key);
  }

  async function update() {
    const state = readControls();
    const mine = ++run;
    if (isIdle(state)) {
      showStatic(true);
      say("");
      showCounts(staticCounts); // the page's own counts are those of the idle state
      markChosen(state);
      countsStale = false;
      root.removeAttribute("aria-busy");
      return;
    }
    // "Searching…" only when results are slow.
    root.setAttribute("aria-busy", "true");
    const slow = setTimeout(() => { if (mine === run) say(words.loading); }, 500);
    try {
      await show(state, mine);
    } finally {
      clearTimeout(slow);
      if (mine === run) root.removeAttribute("aria-busy");
    }
  }

  async function show(state, mine) {
    let answer;
    try {
      answer = await search(state);
    } catch (error) {
      showStatic(true);
      say(words.failed);
      return;
    }
    if (mine !== run) return;
    const order = here ? listOf(await byDistance(byScore(answer))) : ordered(answer, state.sort);
    if (mine !== run) return;
    showStatic(false);
    list.replaceChildren();
    shown = [];
    const count = (pending = order).remaining;
    await renderMore(false, mine);
    if (mine !== run) return;
    empty.hidden = count > 0;
    announce(state, count);
    markChosen(state);
    if (facetsBox.open) refreshCounts(state, mine);
    else countsStale = true;
  }

  // [{results, filters}] of each bundle needed; counting uses only loaded bundles.
  async function search(state, without = null, counting = false) {
    const needed = bundlesFor(state, without).filter((b) => !counting || instances.has(b.path));
    return Promise.all(needed.map(async (bundle) => {
      return (await load(bundle, counting)).search(state.q || null, {
        filters: pagefindFilters(state, bundle, without),
        sort: counting ? {} : pagefindSort(state),
      });
    }));
  }

  function ordered(answers, sort) {
    if (answers.length === 1) return listOf(answers[0].results);
    if (sort === "title") return listOf(answers, (data) => data.meta.order || data.meta.title);
    if (sort === "next_meeting") return listOf(answers, (data) => Date.parse(data.meta.start));
    return listOf(byScore(answers));
  }

  // Best match across bundles, as Pagefind itself merges indexes.
  function byScore(answers) {
    return answers.flatMap((a) => a.results).sort((a, b) => b.score - a.score);
  }

  // Results loaded as taken: one list, or several bundles' answers merged by a key.
  function listOf(lists, key = null) {
    lists = key ? lists.map((a) => [...a.results]) : [lists];
    return {
      get remaining() { return lists.reduce((sum, l) => sum + l.length, 0); },
      async take(n) {
        await Promise.all(lists.map(async (l) => l.splice(0, n, ...await Promise.all(
          l.slice(0, n).map(async (e) => ("result" in e) ? e : { result: e, data: await e.data() })))));
        const out = [];
        for (let heads; out.length < n && (heads = lists.filter((l) => l.length)).length;) {
          out.push(heads.reduce((a, b) => (key(b[0].data) < key(a[0].data) ? b : a)).shift());
        }
        return out;
      },
    };
  }

  // Counts per option: a group counts as if its own choice were not made.
  async function refreshCounts(state, mine) {
    countsStale = false;
    const chosen = groups.filter((name) => state.filters[name].length);
    let answers;
    try {
      answers = await Promise.all([search(state, null, true),
        ...chosen.map((name) => search(state, name, true))]);
    } catch (error) {
      return; // the counts stay as they were
    }
    if (mine !== run) return;
    const counts = addCounts(answers[0]);
    chosen.forEach((name, i) => { counts[name] = addCounts(answers[i + 1])[name] || {}; });
    showCounts(boxes.map((box) => (counted(box) ? `(${(counts[box.name] || {})[box.value] || 0})` : "")));
  }

  // An option is counted once a bundle that holds it is loaded.
  function counted(box) {
    return box.name !== "status"
      || bundles.some((b) => instances.has(b.path) && b.statuses.includes(box.value));
  }

  function addCounts(answers) {
    const out = {};
    for (const answer of answers) {
      for (const [name, values] of Object.entries(answer.filters || {})) {
        const group = (out[name] ??= {});
        for (const [value, n] of Object.entries(values)) group[value] = (group[value] || 0) + n;
      }
    }
    return out;
  }

  // An option that would give no result is hidden unless chosen or focused.
  function showCounts(texts) {
    boxes.forEach((box, i) => {
      countOf(box).textContent = texts[i];
      box.closest("li").hidden = texts[i] === "(0)" && !box.checked && box !== document.activeElement;
    });
    fold();
  }

  // A group of over 8 options shows 6 (and those chosen) until "Show all"; one with
  // nothing to offer is hidden.
  function fold() {
    for (const button of root.querySelectorAll("[data-all]")) {
      const list = button.previousElementSibling;
      const n = list.querySelectorAll("li:not([hidden])").length;
      const open = button.getAttribute("aria-expanded") === "true";
      button.hidden = n < 9;
      button.textContent = fill(open ? words.fewer : words.all, { count: n });
      list.classList.toggle("is-folded", n > 8 && !open);
      button.closest("[data-facet]").hidden = !n;
    }
  }

  // How many options are chosen, per group and in all (defaults not in all).
  function markChosen(state) {
    let changed = 0;
    for (const details of root.querySelectorAll("[data-facet]")) {
      const chosen = [...details.querySelectorAll("input:checked")].length;
      details.querySelector("[data-chosen]").textContent = chosen ? `(${chosen})` : "";
      if (!isDefault(details.dataset.facet, state.filters[details.dataset.facet])) changed += chosen || 1;
    }
    root.querySelector("[data-chosen-all]").textContent = changed ? `(${changed})` : "";
  }

  function announce(state, count) {
    const forms = state.q ? words.resultsFor : words.results;
    const template = forms[plural.select(count)] || forms.other;
    const head = fill(template, { count: count.toLocaleString(lang), query: state.q });
    const near = here && count ? " " + words.nearSorted : "";
    const extra = count > shown.length
      ? " " + fill(words.showing, { shown: shown.length, count: count.toLocaleString(lang) }) : "";
    say((count ? head : words.none) + extra + near, true);
    summary.firstElementChild.textContent = [head, ...describe(state)].join(" · ") + near;
  }

  // "Day of the week: Tuesday or Thursday", for each group the visitor changed.
  function describe(state) {
    return groups.filter((name) => !isDefault(name, state.filters[name])).map((name) => {
      const chosen = boxes.filter((b) => b.name === name && (b.checked || !state.filters[name].length));
      return fill(words.facet, {
        facet: root.querySelector(`[data-facet="${name}"] legend`).textContent,
        values: either.format(chosen.map((b) => b.nextElementSibling.textContent)),
      });
    });
  }

  // Result counts are only spoken: the summary line shows them.
  function say(text, quiet = false) {
    status.textContent = text;
    status.classList.toggle("visually-hidden", quiet);
  }

  async function renderMore(focusFirst, mine = run) {
    const items = await pending.take(PAGE);
    lines = await lines;
    if (mine !== run) return;
    const nodes = items.map(card);
    list.append(...nodes);
    shown.push(...items);
    more.hidden = pending.remaining === 0;
    if (focusFirst && nodes[0]) nodes[0].querySelector("a").focus();
  }

  function warm(term) {
    for (const b of bundlesFor(readControls())) load(b).then((i) => term && i.preload(term)).catch(() => {});
  }

  // Idle: the static listing and the lead text; else the results and the summary line.
  function showStatic(yes) {
    if (staticListing) staticListing.hidden = !yes;
    resultsBox.hidden = summary.hidden = yes;
    for (const part of idleParts) part.hidden = !yes;
    root.classList.toggle("is-active", !yes);
  }

  // -- near me

  function startNear() {
    say(words.nearAsking);
    navigator.geolocation.getCurrentPosition((position) => {
      here = { lat: position.coords.latitude, lon: position.coords.longitude };
      nearButton.setAttribute("aria-pressed", "true");
      const option = sortSelect.querySelector("option[value=distance]");
      option.disabled = false;
      sortSelect.value = "distance";
      update();
    }, () => {
      say(words.nearDenied);
    }, { maximumAge: 600000, timeout: 15000 });
  }

  function stopNear(announceIt = true) {
    here = null;
    nearButton.setAttribute("aria-pressed", "false");
    sortSelect.querySelector("option[value=distance]").disabled = true;
    if (sortSelect.value === "distance") sortSelect.value = defaultSort;
    if (announceIt) say(words.nearOff);
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

  // -- result cards: every value goes in as text

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
    facts.append(el("li", "fact-when", lines.cardWhen(meta, words.cards)));
    facts.append(el("li", "fact-rhythm", lines.cardRhythm(meta, words.cards)));
    facts.append(el("li", "fact-language", label("language", meta.lang)));
    if (km != null) facts.append(el("li", "fact-distance", fill(words.away, { distance: kilometres(km) })));
    article.append(facts);
    if (meta.note) article.append(el("p", "card-note", meta.note));
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

  function kilometres(km) {
    return new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
  }

  function label(group, value) {
    return (words.labels[group] || {})[value] || value || "";
  }

  // -- wiring

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    commit(false).then(() => { if (!resultsBox.hidden) resultsBox.focus(); });
  });
  input.addEventListener("input", () => {
    clearTimeout(typing);
    warm(input.value.trim());
    typing = setTimeout(() => commit(true), TYPING_DELAY);
  });
  input.addEventListener("focus", () => warm(""), { once: true });
  facetsBox.addEventListener("toggle", () => {
    if (facetsBox.open && countsStale) refreshCounts(readControls(), run);
  });
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
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-all]");
    if (!button) return;
    button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") !== "true");
    fold();
  });
  more.addEventListener("click", async () => {
    await renderMore(true);
    announce(readControls(), shown.length + pending.remaining);
  });
  if (nearButton) {
    nearButton.addEventListener("click", () => (here ? (stopNear(), update()) : startNear()));
  }
  window.addEventListener("popstate", () => {
    applyQuery(location.search);
    update();
  });

  // A change adds a history entry; a search's later keystrokes replace it.
  function commit(typed) {
    const target = toQuery(readControls());
    if (target !== location.search && !(target === location.pathname && !location.search)) {
      const replace = typed && new URLSearchParams(location.search).has("q");
      history[replace ? "replaceState" : "pushState"](null, "", target);
    }
    return update();
  }

  applyQuery(location.search);
  for (const box of boxes) if (box.checked) box.closest("details").open = true;
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
