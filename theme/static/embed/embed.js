/* Learning circles widget (site-contract.md, "Data, feeds and embeds"; README, "Embedding").

     <a href="SITE/organizations/SLUG/">Learning circles at ...</a>
     <script src="SITE/embed.js" data-organization="SLUG" async></script>

   reads SITE's JSON API and draws the matching circles in place of the link just before the
   script (or just before the script when there is none), inside a shadow root with styles of
   its own. Contributor text only ever goes in as text nodes and only http(s) URLs become
   links, so nothing in the data can run in the host page. When the data cannot be had the
   page keeps its link, or gets a plain one to the listing. No dependencies. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !script.src) return;
  const options = script.dataset;
  const site = new URL(".", script.src); // embed.js lives at the site's root
  const STATUSES = ["upcoming", "in-progress", "completed", "postponed", "cancelled"];
  const CALLED_OFF = ["postponed", "cancelled"]; // shown while meetings of them were still to come
  const SIGNUP = ["open", "closed", "full", "deadline-passed", "completed"];
  const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  const WORDS = {
    en: ["Learning circles", "Starts", "Next meeting", "Ended", "Online", "No learning circle matches right now.", "All learning circles",
         "Signup open", "Signup closed", "Full", "Signup deadline passed", "Finished",
         "Full: waitlist open", "Postponed", "Cancelled", "Next meeting, moved"],
    es: ["Círculos de aprendizaje", "Empieza", "Próxima reunión", "Terminó", "En línea", "Ahora no hay ningún círculo que coincida.", "Todos los círculos de aprendizaje",
         "Inscripción abierta", "Inscripción cerrada", "Completo", "Plazo de inscripción vencido", "Terminado",
         "Completo: lista de espera abierta", "Aplazados", "Cancelados", "Próxima reunión, trasladada"],
    fr: ["Cercles d’apprentissage", "Début", "Prochaine rencontre", "Terminé le", "En ligne", "Aucun cercle ne correspond pour le moment.", "Tous les cercles d’apprentissage",
         "Inscriptions ouvertes", "Inscriptions fermées", "Complet", "Date limite d’inscription passée", "Terminé",
         "Complet : liste d’attente ouverte", "Reportés", "Annulés", "Prochaine rencontre, déplacée"],
    de: ["Lernkreise", "Beginn", "Nächstes Treffen", "Endete am", "Online", "Zurzeit passt kein Lernkreis.", "Alle Lernkreise",
         "Anmeldung offen", "Anmeldung geschlossen", "Ausgebucht", "Anmeldeschluss vorbei", "Beendet",
         "Ausgebucht: Warteliste offen", "Verschoben", "Abgesagt", "Nächstes Treffen, verlegt"],
    pt: ["Círculos de aprendizagem", "Começa", "Próximo encontro", "Terminou", "On-line", "Nenhum círculo corresponde no momento.", "Todos os círculos de aprendizagem",
         "Inscrições abertas", "Inscrições encerradas", "Lotado", "Prazo de inscrição encerrado", "Encerrado",
         "Lotado: lista de espera aberta", "Adiados", "Cancelados", "Próximo encontro, remarcado"],
    fi: ["Opintopiirit", "Alkaa", "Seuraava tapaaminen", "Päättyi", "Verkossa", "Yksikään opintopiiri ei nyt vastaa valintoja.", "Kaikki opintopiirit",
         "Ilmoittautuminen auki", "Ilmoittautuminen suljettu", "Täynnä", "Ilmoittautumisaika päättynyt", "Päättynyt",
         "Täynnä: jonoon voi ilmoittautua", "Siirretyt", "Perutut", "Seuraava tapaaminen, siirretty"],
    pl: ["Kręgi nauki", "Początek", "Najbliższe spotkanie", "Zakończony", "Online", "Obecnie żaden krąg nie pasuje.", "Wszystkie kręgi nauki",
         "Zapisy otwarte", "Zapisy zamknięte", "Brak miejsc", "Termin zapisów minął", "Zakończony",
         "Brak miejsc: lista rezerwowa otwarta", "Przełożone", "Odwołane", "Najbliższe spotkanie, przeniesione"],
    ro: ["Cercuri de învățare", "Începe", "Următoarea întâlnire", "S-a încheiat", "Online", "Deocamdată niciun cerc nu se potrivește.", "Toate cercurile de învățare",
         "Înscrieri deschise", "Înscrieri închise", "Complet", "Termen de înscriere depășit", "Încheiat",
         "Complet: listă de așteptare deschisă", "Amânate", "Anulate", "Următoarea întâlnire, mutată"],
    sw: ["Vikundi vya kujifunza", "Kinaanza", "Mkutano ujao", "Kilikwisha", "Mtandaoni", "Kwa sasa hakuna kikundi kinacholingana.", "Vikundi vyote vya kujifunza",
         "Usajili uko wazi", "Usajili umefungwa", "Kimejaa", "Muda wa usajili umepita", "Kimekwisha",
         "Kimejaa: orodha ya kusubiri iko wazi", "Vimeahirishwa", "Vimefutwa", "Mkutano ujao, umehamishwa"],
  };
  const KEYS = ["title", "upcoming", "in-progress", "ended", "online", "none", "all", ...SIGNUP, "waitlist", ...CALLED_OFF, "moved"];

  const locale = pickLocale(options.lang || script.closest("[lang]")?.lang || navigator.language);
  const uiLang = locale && WORDS[locale.split("-")[0].toLowerCase()] ? locale.split("-")[0].toLowerCase() : "en";
  const words = Object.fromEntries(KEYS.map((key, i) => [key, WORDS[uiLang][i]]));
  const organization = options.organization || "";
  const listing = new URL(organization ? `organizations/${organization}/` : "circles/", site).href;
  const link = precedingLink();

  if (organization && !SLUG.test(organization)) {
    fail(`data-organization="${organization}" is not an organization slug`);
    return;
  }
  const api = new URL(organization ? `api/v1/organizations/${organization}/circles.json`
                                   : "api/v1/circles.json", site);
  fetch(api, {credentials: "omit"})
    .then((response) => {
      if (!response.ok) throw new Error(`${api} answered ${response.status}`);
      return response.json();
    })
    .then((data) => {
      if (!data || !Array.isArray(data.circles)) throw new Error(`${api} has no circles list`);
      draw(data.circles.filter((circle) => matches(circle, String(data.generated))).slice(0, limit()));
    })
    .catch((error) => fail(error.message));

  // -- choosing ------------------------------------------------------------------------

  function pickLocale(tag) {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf(tag || [])[0];
    } catch (error) {
      return undefined; // not a language tag: the browser's own
    }
  }

  function statuses() {
    const wanted = (options.status || "").split(",").map((s) => s.trim()).filter((s) => STATUSES.includes(s));
    return wanted.length ? wanted : ["upcoming", "in-progress", ...CALLED_OFF];
  }

  function limit() {
    const n = Number(options.limit);
    return Number.isInteger(n) && n > 0 ? n : 10;
  }

  function same(a, b) {
    return String(a).localeCompare(String(b), undefined, {sensitivity: "base"}) === 0;
  }

  /** Whether a meeting was announced for the data's date or later: a circle called off shows until then. */
  function planned(circle, today) {
    return (circle.meetings || []).some((m) => String(m.start).slice(0, 10) >= today);
  }

  function matches(circle, today) {
    const language = options.language, city = options.city;
    return statuses().includes(circle.status)
      && (!CALLED_OFF.includes(circle.status) || planned(circle, today))
      && (!options.course || circle.course === options.course)
      && (!language || same(circle.language, language)
          || String(circle.language).toLowerCase().startsWith(language.toLowerCase() + "-"))
      && (!city || (!circle.online && circle.venue && same(circle.venue.city, city)));
  }

  // -- drawing -------------------------------------------------------------------------

  /** An element with attributes; strings among the children become text nodes. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value != null) node.setAttribute(name, value);
    }
    node.append(...children.filter((child) => child != null && child !== ""));
    return node;
  }

  function httpUrl(value) {
    try {
      const url = new URL(value, site);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function format(date, zone, fields) {
    try {
      return new Intl.DateTimeFormat(locale, {timeZone: zone, ...fields}).format(date);
    } catch (error) {
      return new Intl.DateTimeFormat(locale, fields).format(date); // an unknown zone
    }
  }

  /** The last meeting held (not cancelled). */
  function lastMeeting(circle) {
    const held = circle.meetings.filter((m) => m.status !== "cancelled");
    return (held.length ? held : circle.meetings).reduce((a, b) => (new Date(b.start) > new Date(a.start) ? b : a));
  }

  function when(circle) {
    const meeting = circle.next_meeting || lastMeeting(circle);
    const start = new Date(meeting.start);
    const zone = circle.schedule && circle.schedule.timezone;
    const year = format(start, zone, {year: "numeric"}) !== format(new Date(), zone, {year: "numeric"});
    const day = format(start, zone, {weekday: "short", day: "numeric", month: "short", year: year ? "numeric" : undefined});
    // The time as the site's pages write it in this language, when the site speaks it.
    const written = meeting === circle.next_meeting && meeting.local_time;
    const time = (written && typeof written[uiLang] === "string") ? written[uiLang]
      : format(start, zone, {hour: "numeric", minute: "2-digit", timeZoneName: "short"});
    const done = circle.status === "completed";
    const label = meeting.status === "moved" && !done ? words.moved : words[done ? "ended" : circle.status] || words.upcoming;
    return el("p", {class: "when"}, `${label}: `, el("time", {datetime: meeting.start}, done ? day : `${day}, ${time}`));
  }

  /** Why plans changed, in the circle's language. */
  function note(circle, text) {
    return typeof text === "string" ? el("p", {class: "note", lang: circle.language || null, dir: "auto"}, text) : null;
  }

  function where(circle) {
    if (circle.online || !circle.venue) return el("p", {class: "where"}, words.online);
    const parts = [circle.venue.name, circle.venue.city].filter(Boolean);
    return el("p", {class: "where", dir: "auto"}, parts.join(", "));
  }

  function item(circle, level) {
    const url = httpUrl(circle.page_url);
    const state = !SIGNUP.includes(circle.signup_state) ? "closed"
      : circle.signup_state === "full" && httpUrl(circle.waitlist_url) ? "waitlist" : circle.signup_state;
    const title = url ? el("a", {href: url}, String(circle.title)) : String(circle.title);
    const next = circle.next_meeting;
    // Called off: its status in words, then why; else when it meets, and why a meeting moved.
    const off = CALLED_OFF.includes(circle.status);
    const badge = (key) => el("p", {}, el("span", {class: `badge ${key}`}, words[key]));
    return el("li", {},
              el(`h${level}`, {class: "name", lang: circle.language || null, dir: "auto"}, title),
              off ? badge(circle.status) : when(circle),
              note(circle, off ? circle.status_note : next && next.status === "moved" && next.note),
              where(circle), off ? null : badge(state));
  }

  function draw(circles) {
    const level = Math.min(Math.max(Number(options.headingLevel) || 2, 1), 5);
    const box = el("section", {class: "lc", lang: uiLang, dir: script.closest("[dir]")?.dir || null,
                               "aria-labelledby": "lc-title"},
      el(`h${level}`, {id: "lc-title", class: "title"}, options.title || words.title),
      circles.length ? el("ul", {role: "list"}, ...circles.filter((c) => c.meetings && c.meetings.length)
                                              .map((c) => item(c, level + 1)))
                     : el("p", {}, words.none),
      el("p", {class: "more"}, el("a", {href: listing}, words.all)));
    scheme(box);
    const host = el("div", {class: "learning-circles-embed"});
    const root = host.attachShadow({mode: "open"});
    root.append(el("style", {}, CSS), box);
    (link || script).before(host);
    if (link) link.remove();
  }

  /** Light, dark, or the reader's setting ("auto"); light unless the host page has a dark scheme. */
  function scheme(box) {
    const meta = document.querySelector('meta[name="color-scheme"]');
    const hostDark = /dark/.test(getComputedStyle(document.documentElement).colorScheme + (meta ? meta.content : ""));
    const theme = options.theme || (hostDark ? "auto" : "light");
    if (theme !== "auto") return box.classList.toggle("dark", theme === "dark");
    const query = matchMedia("(prefers-color-scheme: dark)");
    const apply = () => box.classList.toggle("dark", query.matches);
    apply();
    query.addEventListener("change", apply);
  }

  /** The link the snippet put just before the script, when it points at our site. */
  function precedingLink() {
    const previous = script.previousElementSibling;
    const ours = previous && previous.localName === "a" && httpUrl(previous.href);
    return ours && ours.startsWith(site.href) ? previous : null;
  }

  function fail(message) {
    console.warn(`Learning circles widget: ${message}`);
    if (!link) script.before(el("a", {href: listing}, words.all));
  }

  // The widget's own styles. ":host" resets every inherited property, and its !important
  // wins over the host page's !important (CSS Cascade 4, "Context"). Sizes are in em from
  // "medium", the reader's default size: rem would take the host page's root size.
  const CSS = `
:host{all:initial!important;display:block!important;visibility:visible!important;opacity:1!important}
.lc{--bg:#fff;--ink:#1c2630;--muted:#4f5b66;--line:#d9d5cb;--link:#0a5a8a;--focus:#c2410c;--ok:#17572e;--ok-bg:#e2f3e7;--warn:#7a3410;--warn-bg:#fbeadb;--off:#45494d;--off-bg:#ecebe7;
 color-scheme:light;display:block;background:var(--bg);color:var(--ink);font:medium/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
 border:1px solid var(--line);border-radius:10px;padding:.8em 1em;text-align:start;overflow-wrap:break-word}
.lc.dark{--bg:#182129;--ink:#e9eef2;--muted:#b3bec7;--line:#34414c;--link:#8cc8f2;--focus:#ffb37a;--ok:#a9e7bd;--ok-bg:#173a25;--warn:#ffcfb0;--warn-bg:#46261a;--off:#d3d8dc;--off-bg:#2a3138;color-scheme:dark}
.title{font-size:1.25em;line-height:1.25;margin:0 0 .4em}
ul{list-style:none;margin:0;padding:0}
li{display:block;padding:.6em 0;border-top:1px solid var(--line)}
.name{font-size:1.05em;line-height:1.3;margin:0 0 .2em}
p{margin:0 0 .2em}
.when,.where{color:var(--muted)}
a{color:var(--link);text-decoration:underline;text-underline-offset:.18em}
a:hover{text-decoration-thickness:.14em}
a:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:3px}
.badge{display:inline-block;padding:0 .6em;border-radius:999px;font-size:.85em;font-weight:600;background:var(--off-bg);color:var(--off)}
.open{background:var(--ok-bg);color:var(--ok)}
.full,.waitlist,.postponed,.cancelled{background:var(--warn-bg);color:var(--warn)}
.note{font-size:.95em}
.more{margin:.6em 0 0;padding-top:.6em;border-top:1px solid var(--line)}
@media (prefers-reduced-motion:no-preference){a{transition:text-decoration-thickness .15s}}
`;
})();
