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
  // The access terms of a venue, then of online meetings (schemas/circle.schema.json), each
  // shown as its icon beside its name. ICONS holds, in the order of TERMS, the path data of
  // theme/icons/TERM.svg, its paths joined and the spaces before minus signs dropped, drawn
  // with createElementNS: nothing fetched, no markup parsed. They cost 2.9 kB, 1.2 kB
  // gzipped, against 4.5 kB (2.0 kB) for the names in every language: kept, as the site's
  // pages show them, so that a term is found at a glance.
  const TERMS = ["step-free-entrance", "elevator", "accessible-toilet", "gender-neutral-toilet", "hearing-loop", "quiet-room", "seating-with-back", "large-print-materials", "sign-language-on-request", "service-animals-welcome", "lactation-room", "childcare", "near-transit", "parking", "accessible-parking", "captions", "transcripts", "screen-reader-friendly-platform", "dial-in"];
  const ICONS = [
    "M3 16a5 5 0 1 0 10 0a5 5 0 1 0-10 0M17 19a2 2 0 1 0 4 0a2 2 0 1 0-4 0M19 17a3 3 0 0 0-3-3h-3.4M3 3h1a2 2 0 0 1 2 2v6M6 8h11M15 8v6",
    "M5 5a1 1 0 0 1 1-1h12a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1h-12a1 1 0 0 1-1-1l0-14M10 10l2-2l2 2M10 14l2 2l2-2",
    "M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-14a2 2 0 0 1-2-2v-10M6.5 9l.5 6l2-4l2 4l.5-6M17 10.5a1.5 1.5 0 0 0-3 0v3a1.5 1.5 0 0 0 3 0",
    "M7 11a4 4 0 1 0 8 0a4 4 0 1 0-8 0M19 3l-5 5M15 3h4v4M11 16v6M8 19h6",
    "M6 10a7 7 0 1 1 13 3.6a10 10 0 0 1-2 2a8 8 0 0 0-2 3a4.5 4.5 0 0 1-6.8 1.4M10 10a3 3 0 1 1 5 2.2",
    "M15 8a5 5 0 0 1 1.912 4.934m-1.377 2.602a5 5 0 0 1-.535 .464M17.7 5a9 9 0 0 1 2.362 11.086m-1.676 2.299a9 9 0 0 1-.686 .615M9.069 5.054l.431-.554a.8 .8 0 0 1 1.5 .5v2m0 4v8a.8 .8 0 0 1-1.5 .5l-3.5-4.5h-2a1 1 0 0 1-1-1v-4a1 1 0 0 1 1-1h2l1.294-1.664M3 3l18 18",
    "M5 11a2 2 0 0 1 2 2v2h10v-2a2 2 0 1 1 4 0v4a2 2 0 0 1-2 2h-14a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2M5 11v-5a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v5M6 19v2M18 19v2",
    "M3 7v-2h13v2M10 5v14M12 19h-4M15 13v-1h6v1M18 12v7M17 19h2",
    "M11 11.5v-1a1.5 1.5 0 0 1 3 0v1.5M17 12v-6.5a1.5 1.5 0 0 1 3 0v10.5a6 6 0 0 1-6 6h-2h.208a6 6 0 0 1-5.012-2.7a69.74 69.74 0 0 1-.196-.3c-.312-.479-1.407-2.388-3.286-5.728a1.5 1.5 0 0 1 .536-2.022a1.867 1.867 0 0 1 2.28 .28l1.47 1.47M14 10.5a1.5 1.5 0 0 1 3 0v1.5M8 13v-8.5a1.5 1.5 0 0 1 3 0v7.5",
    "M11 5h2M19 12c-.667 5.333-2.333 8-5 8h-4c-2.667 0-4.333-2.667-5-8M11 16c0 .667 .333 1 1 1s1-.333 1-1h-2M12 18v2M10 11v.01M14 11v.01M5 4l6 .97l-6.238 6.688a1.021 1.021 0 0 1-1.41 .111a.953 .953 0 0 1-.327-.954l1.975-6.815M19 4l-6 .97l6.238 6.688c.358 .408 .989 .458 1.41 .111a.953 .953 0 0 0 .327-.954l-1.975-6.815",
    "M5 10h14M12 2v2M12 4a5 5 0 0 1 5 5v11a2 2 0 0 1-2 2h-6a2 2 0 0 1-2-2v-11a5 5 0 0 1 5-5",
    "M6 19a2 2 0 1 0 4 0a2 2 0 1 0-4 0M16 19a2 2 0 1 0 4 0a2 2 0 1 0-4 0M2 5h2.5l1.632 4.897a6 6 0 0 0 5.693 4.103h2.675a5.5 5.5 0 0 0 0-11h-.5v6M6 9h14M9 17l1-3M16 14l1 3",
    "M4 17a2 2 0 1 0 4 0a2 2 0 1 0-4 0M16 17a2 2 0 1 0 4 0a2 2 0 1 0-4 0M4 17h-2v-11a1 1 0 0 1 1-1h14a5 7 0 0 1 5 7v5h-2m-4 0h-8M16 5l1.5 7l4.5 0M2 10l15 0M7 5l0 5M12 5l0 5",
    "M3 5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-14a2 2 0 0 1-2-2v-14M10 16v-8h2.667c.736 0 1.333 .895 1.333 2s-.597 2-1.333 2h-2.667",
    "M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M10 16.5l2-3l2 3m-2-3v-2l3-1m-6 0l3 1M11.5 7.5a.5 .5 0 1 0 1 0a.5 .5 0 1 0-1 0",
    "M18 5a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3h-12a3 3 0 0 1-3-3v-8a3 3 0 0 1 3-3l12 0M7 15h5M15 15h2M17 12h-3M11 12h-1",
    "M14 3v4a1 1 0 0 0 1 1h4M17 21h-10a2 2 0 0 1-2-2v-14a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2M9 9l1 0M9 13l6 0M9 17l6 0",
    "M2 8a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-16a2 2 0 0 1-2-2l0-8M6 10l0 .01M10 10l0 .01M14 10l0 .01M18 10l0 .01M6 14l0 .01M18 14l0 .01M10 14l4 .01",
    "M5 4h4l2 5l-2.5 1.5a11 11 0 0 0 5 5l1.5-2.5l5 2v4a2 2 0 0 1-2 2a16 16 0 0 1-15-15a2 2 0 0 1 2-2",
  ];
  const WORDS = {
    en: ["Learning circles", "Starts", "Next meeting", "Ended", "Online", "No learning circle matches right now.", "All learning circles",
         "Signup open", "Signup closed", "Full", "Signup deadline passed", "Finished",
         "Full: waitlist open", "Postponed", "Cancelled", "Next meeting, moved",
         "Access", "Step-free entrance", "Elevator", "Accessible toilet", "All-gender toilet", "Hearing loop", "Quiet room", "Chairs with backs", "Large print",
         "Sign language on request", "Service animals welcome", "Lactation room", "Childcare", "Near public transport", "Parking",
         "Accessible parking", "Live captions", "Transcripts", "Works with screen readers", "Join by phone"],
    es: ["Círculos de aprendizaje", "Empieza", "Próxima reunión", "Terminó", "En línea", "Ahora no hay ningún círculo que coincida.", "Todos los círculos de aprendizaje",
         "Inscripción abierta", "Inscripción cerrada", "Completo", "Plazo de inscripción vencido", "Terminado",
         "Completo: lista de espera abierta", "Aplazados", "Cancelados", "Próxima reunión, trasladada",
         "Accesibilidad", "Entrada sin escalones", "Ascensor", "Baño accesible", "Baño para todos los géneros", "Bucle magnético", "Sala tranquila",
         "Sillas con respaldo", "Letra grande", "Lengua de señas a pedido", "Se admiten animales de asistencia", "Sala de lactancia",
         "Cuidado infantil", "Cerca del transporte público", "Estacionamiento", "Estacionamiento accesible", "Subtítulos en directo",
         "Transcripciones", "Compatible con lectores de pantalla", "Participación por teléfono"],
    fr: ["Cercles d’apprentissage", "Début", "Prochaine rencontre", "Terminé le", "En ligne", "Aucun cercle ne correspond pour le moment.", "Tous les cercles d’apprentissage",
         "Inscriptions ouvertes", "Inscriptions fermées", "Complet", "Date limite d’inscription passée", "Terminé",
         "Complet : liste d’attente ouverte", "Reportés", "Annulés", "Prochaine rencontre, déplacée",
         "Accessibilité", "Entrée sans marches", "Ascenseur", "Toilettes accessibles", "Toilettes non genrées", "Boucle magnétique", "Salle calme",
         "Chaises à dossier", "Gros caractères", "Langue des signes sur demande", "Animaux d’assistance bienvenus", "Salle d’allaitement",
         "Garde d’enfants", "Près des transports en commun", "Stationnement", "Stationnement accessible", "Sous-titres en direct", "Transcriptions",
         "Compatible avec les lecteurs d’écran", "Participation par téléphone"],
    de: ["Lernkreise", "Beginn", "Nächstes Treffen", "Endete am", "Online", "Zurzeit passt kein Lernkreis.", "Alle Lernkreise",
         "Anmeldung offen", "Anmeldung geschlossen", "Ausgebucht", "Anmeldeschluss vorbei", "Beendet",
         "Ausgebucht: Warteliste offen", "Verschoben", "Abgesagt", "Nächstes Treffen, verlegt",
         "Barrierefreiheit", "Stufenloser Zugang", "Aufzug", "Barrierefreies WC", "All-Gender-WC", "Induktionsschleife", "Ruheraum", "Stühle mit Lehne", "Großdruck",
         "Gebärdensprache auf Anfrage", "Assistenztiere willkommen", "Stillraum", "Kinderbetreuung", "Nahe am ÖPNV", "Parkplätze",
         "Behindertenparkplätze", "Live-Untertitel", "Transkripte", "Mit Screenreadern nutzbar", "Teilnahme per Telefon"],
    pt: ["Círculos de aprendizagem", "Começa", "Próximo encontro", "Terminou", "On-line", "Nenhum círculo corresponde no momento.", "Todos os círculos de aprendizagem",
         "Inscrições abertas", "Inscrições encerradas", "Lotado", "Prazo de inscrição encerrado", "Encerrado",
         "Lotado: lista de espera aberta", "Adiados", "Cancelados", "Próximo encontro, remarcado",
         "Acessibilidade", "Entrada sem degraus", "Elevador", "Banheiro acessível", "Banheiro para todos os gêneros", "Aro magnético", "Sala silenciosa",
         "Cadeiras com encosto", "Letra ampliada", "Língua de sinais sob pedido", "Animais de assistência são bem-vindos", "Sala de amamentação",
         "Cuidado infantil", "Perto do transporte público", "Estacionamento", "Estacionamento acessível", "Legendas ao vivo", "Transcrições",
         "Compatível com leitores de tela", "Participação por telefone"],
    fi: ["Opintopiirit", "Alkaa", "Seuraava tapaaminen", "Päättyi", "Verkossa", "Yksikään opintopiiri ei nyt vastaa valintoja.", "Kaikki opintopiirit",
         "Ilmoittautuminen auki", "Ilmoittautuminen suljettu", "Täynnä", "Ilmoittautumisaika päättynyt", "Päättynyt",
         "Täynnä: jonoon voi ilmoittautua", "Siirretyt", "Perutut", "Seuraava tapaaminen, siirretty",
         "Esteettömyys", "Esteetön sisäänkäynti", "Hissi", "Esteetön WC", "Kaikille sukupuolille tarkoitettu WC", "Induktiosilmukka", "Hiljainen huone",
         "Selkänojalliset tuolit", "Isotekstinen materiaali", "Viittomakieli pyynnöstä", "Avustajakoirat tervetulleita", "Imetyshuone", "Lastenhoito",
         "Lähellä joukkoliikennettä", "Pysäköinti", "Invapysäköinti", "Reaaliaikainen tekstitys", "Litteroinnit", "Toimii ruudunlukijalla",
         "Osallistu puhelimella"],
    pl: ["Kręgi nauki", "Początek", "Najbliższe spotkanie", "Zakończony", "Online", "Obecnie żaden krąg nie pasuje.", "Wszystkie kręgi nauki",
         "Zapisy otwarte", "Zapisy zamknięte", "Brak miejsc", "Termin zapisów minął", "Zakończony",
         "Brak miejsc: lista rezerwowa otwarta", "Przełożone", "Odwołane", "Najbliższe spotkanie, przeniesione",
         "Dostępność", "Wejście bez schodów", "Winda", "Toaleta dla osób z niepełnosprawnościami", "Toaleta dla wszystkich płci", "Pętla indukcyjna",
         "Ciche pomieszczenie", "Krzesła z oparciem", "Duży druk", "Język migowy na życzenie", "Psy asystujące mile widziane", "Pokój do karmienia",
         "Opieka nad dziećmi", "Blisko komunikacji miejskiej", "Parking", "Miejsca parkingowe dla osób z niepełnosprawnościami", "Napisy na żywo",
         "Transkrypcje", "Działa z czytnikami ekranu", "Udział przez telefon"],
    ro: ["Cercuri de învățare", "Începe", "Următoarea întâlnire", "S-a încheiat", "Online", "Deocamdată niciun cerc nu se potrivește.", "Toate cercurile de învățare",
         "Înscrieri deschise", "Înscrieri închise", "Complet", "Termen de înscriere depășit", "Încheiat",
         "Complet: listă de așteptare deschisă", "Amânate", "Anulate", "Următoarea întâlnire, mutată",
         "Accesibilitate", "Intrare fără trepte", "Lift", "Toaletă accesibilă", "Toaletă pentru toate genurile", "Buclă de inducție", "Cameră liniștită",
         "Scaune cu spătar", "Litere mari", "Limbaj mimico-gestual la cerere", "Animalele de asistență sunt binevenite", "Cameră de alăptare",
         "Supraveghere pentru copii", "Aproape de transportul public", "Parcare", "Parcare accesibilă", "Subtitrare live", "Transcrieri",
         "Funcționează cu cititoare de ecran", "Participare prin telefon"],
    sw: ["Vikundi vya kujifunza", "Kinaanza", "Mkutano ujao", "Kilikwisha", "Mtandaoni", "Kwa sasa hakuna kikundi kinacholingana.", "Vikundi vyote vya kujifunza",
         "Usajili uko wazi", "Usajili umefungwa", "Kimejaa", "Muda wa usajili umepita", "Kimekwisha",
         "Kimejaa: orodha ya kusubiri iko wazi", "Vimeahirishwa", "Vimefutwa", "Mkutano ujao, umehamishwa",
         "Ufikivu", "Mlango usio na ngazi", "Lifti", "Choo kinachofikika", "Choo cha jinsia zote", "Kitanzi cha kusikia", "Chumba tulivu", "Viti vyenye egemeo",
         "Maandishi makubwa", "Lugha ya alama kwa ombi", "Wanyama wasaidizi wanakaribishwa", "Chumba cha kunyonyesha", "Malezi ya watoto",
         "Karibu na usafiri wa umma", "Maegesho", "Maegesho yanayofikika", "Manukuu ya moja kwa moja", "Nakala za maandishi",
         "Inafanya kazi na visoma skrini", "Jiunge kwa simu"],
  };
  const KEYS = ["title", "upcoming", "in-progress", "ended", "online", "none", "all", ...SIGNUP, "waitlist", ...CALLED_OFF, "moved", "access", ...TERMS];

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

  /** An element (an icon's svg and path in SVG's namespace) with attributes; strings among
      the children become text nodes. */
  function el(tag, attributes, ...children) {
    const node = /^(svg|path)$/.test(tag) ? document.createElementNS("http://www.w3.org/2000/svg", tag)
                                          : document.createElement(tag);
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

  /** The venue of a circle that meets there: an online one's venue is not where it meets. */
  function place(circle) {
    return !circle.online && circle.venue;
  }

  function where(circle) {
    if (!place(circle)) return el("p", {class: "where"}, words.online);
    const parts = [circle.venue.name, circle.venue.city].filter(Boolean);
    return el("p", {class: "where", dir: "auto"}, parts.join(", "));
  }

  /** What the venue, or the online meetings, offer for access: each term's icon (decoration,
      hidden from screen readers) beside its name, in the data's order. A term newer than this
      file is left out rather than shown by its code. */
  function access(circle) {
    const terms = place(circle) ? circle.venue.access : circle.online_access;
    const known = Array.isArray(terms) ? terms.filter((term) => TERMS.includes(term)) : [];
    const icon = (term) => el("svg", {"aria-hidden": "true", focusable: "false", viewBox: "0 0 24 24"},
                              el("path", {d: ICONS[TERMS.indexOf(term)]}));
    return known.length ? el("ul", {class: "access", role: "list", "aria-label": words.access},
                             ...known.map((term) => el("li", {}, icon(term), words[term]))) : null;
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
              where(circle), access(circle), note(circle, place(circle)?.access_note),
              off ? null : badge(state));
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
.access{display:flex;flex-wrap:wrap;gap:0 .9em;margin:0 0 .2em;color:var(--muted);font-size:.9em}
.access li{display:flex;align-items:flex-start;gap:.3em;padding:0;border:0}
.access svg{flex:none;width:1.25em;height:1.25em;margin-top:.125em;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.more{margin:.6em 0 0;padding-top:.6em;border-top:1px solid var(--line)}
@media (prefers-reduced-motion:no-preference){a{transition:text-decoration-thickness .15s}}
`;
})();
