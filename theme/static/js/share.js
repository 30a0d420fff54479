// The share row of a detail page (macros.html, share_row): its address stays a link that
// anyone can copy by hand; here a "Copy link" button copies it, and where the browser has a
// share sheet of its own (the Web Share API, on most phones) a "Share…" button opens it.
// What happened is said in the row's status region, which screen readers announce.

for (const row of document.querySelectorAll(".share")) enhance(row);

function enhance(row) {
  const link = row.querySelector(".share-link a");
  const status = row.querySelector(".share-status");
  const url = addressOf(link);
  link.href = url;
  link.textContent = url;
  row.querySelector(".share-actions").hidden = false;
  row.querySelector(".share-copy").addEventListener("click", async () => {
    status.textContent = "";
    const copied = await copy(url);
    status.textContent = copied ? row.dataset.copied : row.dataset.copyFailed;
  });
  const native = row.querySelector(".share-native");
  const data = { title: document.title, url };
  if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
    native.hidden = false;
    native.addEventListener("click", () => navigator.share(data).catch(() => {}));
  }
}

/** The page's address to pass on: the one the page gives itself (absolute when the site
 * has an address), else the one it was opened at, without a fragment or a query. */
function addressOf(link) {
  const url = new URL(link.getAttribute("href"), location.href);
  url.hash = "";
  url.search = "";
  return url.href;
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard here (not a secure context, or permission refused)
  }
}
