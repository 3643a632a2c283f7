// Decisions and election results pushed on the stream of a meeting: refresh the region that shows them.
(function () {
  "use strict";
  function start() {
    var region = document.querySelector("[data-stream][data-fragment]");
    if (!region || typeof io === "undefined" || typeof htmx === "undefined") { return; }
    var socket = io("/live", { transports: ["websocket", "polling"] });
    var stream = region.getAttribute("data-stream");
    var status = document.getElementById("live-status");
    socket.on("connect", function () { socket.emit("follow", { stream: stream, since: null }); });
    function refresh(kind) {
      return function (data) {
        if (!data || data.stream !== stream) { return; }
        htmx.ajax("GET", region.getAttribute("data-fragment"), { target: "#" + region.id, swap: "innerHTML" });
        if (status) { status.textContent = region.getAttribute("data-label-" + kind) || (kind === "election" ? "Election result announced" : "Decision announced"); }
      };
    }
    socket.on("decision", refresh("decision"));
    socket.on("election", refresh("election"));
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
