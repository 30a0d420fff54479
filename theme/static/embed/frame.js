/* Tells the page embedding this frame how tall the frame's content is, so that it can size
   the iframe (README, "Embedding"). On load and on every change of size it posts
     {type: "learning-circles:height", height: <CSS pixels>, path: location.pathname}
   to the parent window. The height is no secret, so any parent may read it. */
/* It also takes the reader's text size from the frame's address, ?text-size=1.5 (a factor
   from 0.5 to 2, as Fluid Infusion's), with Infusion's own hooks as the site's display
   preferences do: the page loads this script in <head>, so the size holds from the first paint. */
(function (root) {
  "use strict";
  var factor = +(/[?&]text-size=([0-9.]+)/.exec(location.search) || [])[1];
  if (!(factor >= 0.5 && factor <= 2)) return;
  root.classList.add("fl-textSize-enabled");
  root.style.setProperty("--fl-textSize",
                         Math.round(parseFloat(getComputedStyle(root).fontSize) * factor) + "px");
  root.style.setProperty("--fl-textSize-factor", factor);
})(document.documentElement);

(function () {
  "use strict";
  if (window.parent === window) return;
  var last = -1;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage(
      {type: "learning-circles:height", height: height, path: location.pathname}, "*");
  }
  if ("ResizeObserver" in window) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", post);
  else post();
})();
