/* The embed builder (/embed/): reveals the form, rebuilds both snippets and both previews on
   every change, and copies a snippet with one button. The snippets are the ones
   catalog/embeds.py writes for the page without JavaScript; the tests compare the two. */
(() => {
  "use strict";
  const builder = document.getElementById("builder");
  if (!builder) return;
  const form = document.getElementById("builder-form");
  const site = builder.dataset.site || location.origin;
  const status = document.getElementById("copy-status");
  const FILTERS = ["course", "city", "language", "limit"];

  const escape = (text) => String(text).replace(/[&<>"']/g, (c) =>
    ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})[c]);

  function chosen() {
    const option = form.elements.organization.selectedOptions[0];
    const data = {};
    if (option.value) data.organization = option.value;
    for (const name of FILTERS) if (form.elements[name].value) data[name] = form.elements[name].value;
    return {option, data};
  }

  function scriptSnippet({option, data}) {
    const attributes = Object.entries(data).map(([k, v]) => ` data-${k}="${escape(v)}"`).join("");
    return `<a href="${escape(site + option.dataset.page)}">${escape(option.dataset.title)}</a>\n`
      + `<script src="${escape(site + builder.dataset.script)}"${attributes} async></script>`;
  }

  function iframeSnippet({option}) {
    return `<iframe src="${escape(site + option.dataset.frame)}" title="${escape(option.dataset.title)}" `
      + `style="width:100%;height:40rem;border:0" loading="lazy"></iframe>`;
  }

  /** The real widget, loaded as the snippet loads it: a link, then the script. */
  function previewWidget({option, data}) {
    const preview = document.getElementById("widget-preview");
    const link = document.createElement("a");
    link.href = site + option.dataset.page;
    link.textContent = option.dataset.title;
    const script = document.createElement("script");
    script.src = site + builder.dataset.script;
    script.async = true;
    Object.assign(script.dataset, data);
    preview.replaceChildren(link, script);
  }

  function previewFrame({option}) {
    const frame = document.getElementById("iframe-preview");
    const src = new URL(option.dataset.frame, location.href).href;
    if (frame.src !== src) frame.src = src;
    frame.title = builder.dataset.preview.replace("{title}", option.dataset.title);
  }

  function update() {
    const choice = chosen();
    document.getElementById("script-snippet").value = scriptSnippet(choice);
    document.getElementById("iframe-snippet").value = iframeSnippet(choice);
    previewWidget(choice);
    previewFrame(choice);
    status.textContent = "";
  }

  async function copy(button) {
    const field = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = button.dataset.done;
    } catch (error) {
      field.focus();
      field.select();
      status.textContent = builder.dataset.denied;
    }
  }

  // The preview iframe grows to the height it reports, as the listener snippet does.
  addEventListener("message", (event) => {
    const frame = document.getElementById("iframe-preview");
    const data = event.data;
    if (event.source === frame.contentWindow && data && data.type === builder.dataset.message
        && typeof data.height === "number") frame.style.height = `${data.height}px`;
  });

  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (button) copy(button);
  });
  document.querySelectorAll(".js-only").forEach((node) => { node.hidden = false; });
  builder.hidden = false;
  update();
})();
