/* Tells the page embedding this frame how tall the frame's content is, so that it can size
   the iframe (README, "Embedding"). On load and on every change of size it posts
     {type: "learning-circles:height", height: <CSS pixels>, path: location.pathname}
   to the parent window. The height is no secret, so any parent may read it. */
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
  post();
})();
