/* The reader's display preferences, applied before the first paint: this script is loaded
   in <head> after the stylesheets, without async or defer, so it runs before the first
   paint and every page is drawn once, already as the reader chose.
   The panel (theme/static/js/preferences.js) reuses its read() and apply(). Without
   JavaScript nothing happens and the page follows the device's settings.

   The names are Fluid Infusion's (npm "infusion" 4.8.0, src/framework/preferences/), so that
   a reader's settings mean the same here as in Infusion's UI Options and its browser
   extension, without loading Infusion itself:
   - the key "fluid-ui-settings" holding the JSON {"preferences": {...}}, with only what
     differs from the defaults: js/Store.js (fluid.prefs.cookieStore) and js/PrefsEditor.js
     (writeImpl). Infusion keeps it in a cookie of that name, which is read here when this
     browser has nothing else; but a cookie travels to the server with every request, so
     this site keeps the record in localStorage under the same key;
   - fluid_prefs_textSize (0.5 to 2), fluid_prefs_lineSpace (0.7 to 2), fluid_prefs_textFont
     ("default", "atkinson-hyperlegible", "open-dyslexic", ...), fluid_prefs_contrast
     ("default", "bw", "wb", "by", "yb", ...) and fluid_prefs_enhanceInputs (true):
     js/StarterSchemas.js, where a preference "fluid.prefs.x" is stored as
     "fluid_prefs_x" (js/Panels.js, js/AuxBuilder.js); fluid_prefs_letterSpace (0.9 to 2):
     js/LetterSpaceSchemas.js; fluid_prefs_wordSpace (0.7 to 2): js/WordSpaceSchemas.js;
     each in steps of 0.1;
   - the classes fl-theme-prefsEditor-default, fl-theme-bw, -wb, -by, -yb,
     fl-font-atkinson-hyperlegible, fl-font-open-dyslexic and fl-input-enhanced:
     js/StarterSchemas.js (the enactors' "classes" and "cssClass");
   - fl-textSize-enabled with --fl-textSize (the root's first font size times the factor,
     rounded to whole px) and --fl-textSize-factor; fl-lineSpace-enabled with --fl-lineSpace
     (the factor times the body's line height, 1.6 in site.css, to 2 decimals) and
     --fl-lineSpace-factor: js/Enactors.js (fluid.prefs.enactor.textSize, lineSpace);
     fl-letterSpace-enabled and fl-wordSpace-enabled with --fl-letterSpace and --fl-wordSpace
     (the value minus 1, to 1 decimal, in em) and their -factor (that same number):
     js/Enactors.js (spacingSetter), js/LetterSpaceEnactor.js, js/WordSpaceEnactor.js.
   Infusion sets them on <body> and the text size on <html>; here all go on <html>, the only
   element there is when this script runs, and custom properties inherit.
   This site's own: catalog_prefs_colorScheme ("light" or "dark": its two schemes) and
   catalog_prefs_reducedMotion (true). They and the contrast themes answer the site's own
   "@media (prefers-color-scheme)" and "(prefers-reduced-motion)" rules as the reader chose:
   each such rule's condition becomes one that is always or never true, which is how a
   choice overrides the device. */
(function (d, w) {
  var KEY = "fluid-ui-settings", root = d.documentElement, css = root.style, rules = [];
  var base = parseFloat(getComputedStyle(root).fontSize) || 16;
  var THEMES = {"default": "prefsEditor-default", bw: "bw", wb: "wb", by: "by", yb: "yb"};
  var SCHEMES = {bw: "light", by: "light", wb: "dark", yb: "dark", light: "light", dark: "dark"};
  var FONTS = {"atkinson-hyperlegible": "Atkinson Hyperlegible", "open-dyslexic": "OpenDyslexic"};
  function cookie() {
    var found = /(?:^|;\s*)fluid-ui-settings=([^;]*)/.exec(d.cookie);
    return found && decodeURIComponent(found[1]);
  }
  function read() {
    try {
      var text = localStorage.getItem(KEY), kept = JSON.parse(text === null ? cookie() : text);
      return (kept && typeof kept.preferences == "object" && kept.preferences) || {};
    } catch (e) { return {}; }
  }
  function set(name, on, value, factor) {
    root.classList.toggle("fl-" + name + "-enabled", on);
    css.setProperty("--fl-" + name, on ? value : "");
    css.setProperty("--fl-" + name + "-factor", on ? factor : "");
  }
  function step(value, min) { return value >= min && value <= 2 ? Math.round(value * 10) / 10 : 1; }
  function spacing(name, value, min) {
    var units = Math.round((step(value, min) - 1) * 10) / 10;
    set(name, units != 0, units + "em", units);
  }
  (function collect(list) {
    for (var i = 0; i < list.length; i++) {
      try { var rule = list[i], own = list[i].cssRules; } catch (e) { continue; }
      if (rule.media && /prefers-(color-scheme|reduced-motion)/.test(rule.media.mediaText)) rules.push([rule, rule.media.mediaText]);
      if (own) collect(own);
    }
  })(d.styleSheets);
  function apply(p) {
    var size = step(p.fluid_prefs_textSize, 0.5), line = step(p.fluid_prefs_lineSpace, 0.7);
    var theme = THEMES[p.fluid_prefs_contrast] ? p.fluid_prefs_contrast : "default";
    var font = FONTS[p.fluid_prefs_textFont] && p.fluid_prefs_textFont;
    var chosen = {"color-scheme": SCHEMES[theme] || SCHEMES[p.catalog_prefs_colorScheme],
                  "reduced-motion": p.catalog_prefs_reducedMotion === true && "reduce"};
    set("textSize", size != 1, Math.round(size * base) + "px", size);
    set("lineSpace", line != 1, Math.round(line * 160) / 100, line);
    spacing("letterSpace", p.fluid_prefs_letterSpace, 0.9);
    spacing("wordSpace", p.fluid_prefs_wordSpace, 0.7);
    for (var name in THEMES) root.classList.toggle("fl-theme-" + THEMES[name], name == theme);
    for (name in FONTS) root.classList.toggle("fl-font-" + name, name == font);
    root.classList.toggle("fl-input-enhanced", p.fluid_prefs_enhanceInputs === true);
    css.colorScheme = chosen["color-scheme"] || "";
    rules.forEach(function (r) {
      r[0].media.mediaText = r[1].replace(/\(\s*prefers-([a-z-]+)\s*:\s*([a-z-]+)\s*\)/g, function (query, feature, value) {
        return !chosen[feature] ? query : chosen[feature] == value ? "(min-width: 0px)" : "(max-width: 0px)";
      });
    });
    if (font && d.fonts) ["400", "700"].forEach(function (weight) {
      d.fonts.load(weight + ' 1em "' + FONTS[font] + '"').catch(function () {});
    });
  }
  w.catalogPreferences = {key: KEY, fonts: FONTS, read: read, apply: apply, cookie: cookie};
  if (w.HTMLDialogElement) root.classList.add("prefs-js");
  apply(read());
})(document, window);
