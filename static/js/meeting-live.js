// Decisions and election results pushed on the stream of a meeting: refresh the region that shows them.
(function () {
  "use strict";
  var region = document.querySelector("[data-stream][data-fragment]");
  if (!region || !window.ConfmgrLive || !window.htmx) { return; }
  var status = document.getElementById("live-status");
  function refresh(kind) {
    return function () {
      window.htmx.ajax("GET", region.getAttribute("data-fragment"), {target: "#" + region.id, swap: "innerHTML"});
      if (status) { status.textContent = region.getAttribute("data-label-" + kind) || ""; }
    };
  }
  window.ConfmgrLive.follow(region.getAttribute("data-stream"), {on: {decision: refresh("decision"), election: refresh("election")}});
})();
