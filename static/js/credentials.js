// The credentials board follows its live stream and re-fetches the board fragment on each change.
(function () {
  "use strict";
  var counts = document.getElementById("credentials-counts");
  if (!counts || !window.ConfmgrLive || !window.htmx) { return; }
  window.ConfmgrLive.follow(counts.getAttribute("data-stream"), {on: {credentials: function () {
    // the board fragment (and this element with it) is replaced on each refresh: read it again
    var current = document.getElementById("credentials-counts");
    var url = current ? current.getAttribute("data-refresh") : window.location.pathname + window.location.search;
    window.htmx.ajax("GET", url, {target: "#credentials-board", swap: "innerHTML"});
    var status = document.getElementById("live-status");
    if (status) { status.textContent = (current || counts).getAttribute("data-label-updated") || ""; }
  }}});
})();
