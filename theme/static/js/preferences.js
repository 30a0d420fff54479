/* Display preferences: the panel that the header's "Display" button opens (a modal <dialog>,
   theme/templates/preferences_panel.html, fetched from the display page on first use). Each
   change applies at once and is kept in this browser only, under Fluid Infusion's key and
   names; theme/static/js/preferences-head.js says which Infusion file each comes from,
   applies the kept choice to every page before its first paint, and lends this panel
   read() and apply(). */

const preferences = window.catalogPreferences;
const opener = document.querySelector(".prefs-button");

const RANGES = ["fluid_prefs_textSize", "fluid_prefs_lineSpace", "fluid_prefs_letterSpace",
                "fluid_prefs_wordSpace"];
const SCHEMES = ["light", "dark"];
const percent = new Intl.NumberFormat(document.documentElement.lang, {style: "percent"});
const motion = matchMedia("(prefers-reduced-motion: reduce)");
let changes = 0;  // counts the changes, so that only the latest one applies
let dialog = document.getElementById("display-prefs");  // on the display page only
let kept = {};

if (preferences && opener && window.HTMLDialogElement) {
  if (dialog) start();
  opener.addEventListener("click", () => (dialog ? open() : fetchPanel()));
  if (dialog && location.hash === "#display-prefs") open();
}

/** The panel is not in every page: it is fetched from the display page (in this page's
    language) when first asked for. If that fails, the display page itself opens it. */
async function fetchPanel() {
  opener.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(opener.dataset.panel);
    if (!response.ok) throw new Error(response.statusText);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    dialog ??= document.body.appendChild(document.adoptNode(page.getElementById("display-prefs")));
    start();
    open();
  } catch {
    location.assign(`${opener.dataset.panel}#display-prefs`);
  } finally {
    opener.removeAttribute("aria-busy");
  }
}

function open() {
  kept = preferences.read();
  show(dialog.querySelector("form"), kept);
  if (!dialog.open) dialog.showModal();
}

/** Wires the controls, Reset and other tabs' changes to the panel. */
function start() {
  const form = dialog.querySelector("form");
  opener.setAttribute("aria-controls", dialog.id);
  dialog.addEventListener("close", () => opener.focus());
  form.addEventListener("input", () => {
    kept = chosen(form, kept);
    change(form, kept);
  });
  form.querySelector(".prefs-reset").addEventListener("click", () => {
    kept = {};
    change(form, kept);
    show(form, kept);
  });
  window.addEventListener("storage", (event) => {
    if (event.key !== preferences.key && event.key !== null) return;
    kept = preferences.read();
    preferences.apply(kept);
    show(form, kept);
  });
}

/** Applies and keeps the reader's choice; a new font is fetched first, so that the page
    changes once it can be drawn in it (the fonts are declared font-display: optional),
    unless a later change came meanwhile. */
function change(form, prefs) {
  const current = ++changes;
  save(prefs);
  labels(form);
  const family = preferences.fonts[prefs.fluid_prefs_textFont];
  const ready = family ? Promise.all(["400", "700"].map(
    (weight) => document.fonts.load(`${weight} 1em "${family}"`))) : Promise.resolve();
  ready.catch(() => {}).then(() => current === changes && preferences.apply(prefs));
}

/** The kept preferences with the form's values; defaults are left out, as Infusion's
    writeImpl does, and preferences this panel does not show are kept as they were. */
function chosen(form, kept) {
  const prefs = {...kept};
  const value = (name) => form.elements[name].value;
  for (const name of RANGES) prefs[name] = Math.round(Number(value(name)) * 10) / 10;
  prefs.fluid_prefs_textFont = value("fluid_prefs_textFont");
  const theme = value("theme");
  prefs.fluid_prefs_contrast = SCHEMES.includes(theme) ? "default" : theme;
  prefs.catalog_prefs_colorScheme = SCHEMES.includes(theme) ? theme : null;
  prefs.fluid_prefs_enhanceInputs = form.elements.fluid_prefs_enhanceInputs.checked;
  // While the device asks for less motion the box is ticked and locked; the kept choice stays.
  prefs.catalog_prefs_reducedMotion = motion.matches ? kept.catalog_prefs_reducedMotion
    : form.elements.catalog_prefs_reducedMotion.checked;
  for (const [name, setting] of Object.entries(prefs)) {
    if ([1, "default", false, null, undefined].includes(setting)) delete prefs[name];
  }
  return prefs;
}

/** Sets the controls to the kept preferences. */
function show(form, prefs) {
  for (const name of RANGES) form.elements[name].value = prefs[name] ?? 1;
  form.elements.fluid_prefs_textFont.value = preferences.fonts[prefs.fluid_prefs_textFont]
    ? prefs.fluid_prefs_textFont : "default";
  form.elements.theme.value = SCHEMES.includes(prefs.catalog_prefs_colorScheme)
    ? prefs.catalog_prefs_colorScheme : prefs.fluid_prefs_contrast || "default";
  if (!form.elements.theme.value) form.elements.theme.value = "default";
  form.elements.fluid_prefs_enhanceInputs.checked = prefs.fluid_prefs_enhanceInputs === true;
  const reduced = form.elements.catalog_prefs_reducedMotion;
  reduced.checked = motion.matches || prefs.catalog_prefs_reducedMotion === true;
  reduced.disabled = motion.matches;
  form.querySelector(".prefs-motion-note").hidden = !motion.matches;
  labels(form);
}

/** Writes each slider's value as a percentage, beside it and for screen readers. */
function labels(form) {
  for (const name of RANGES) {
    const input = form.elements[name];
    const text = percent.format(Number(input.value));
    input.setAttribute("aria-valuetext", text);
    form.querySelector(`[data-value-of="${name}"]`).textContent = text;
  }
}

/** Keeps the preferences in this browser, or forgets them when none is left; an empty
    record stays while Infusion's cookie holds others, so that Reset wins over it. */
function save(prefs) {
  try {
    if (Object.keys(prefs).length || preferences.cookie()) {
      localStorage.setItem(preferences.key, JSON.stringify({preferences: prefs}));
    } else {
      localStorage.removeItem(preferences.key);
    }
  } catch {
    // Storage is refused (a private window, a setting): the choice lasts for this page.
  }
}
