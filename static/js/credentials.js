// The credentials board follows its live stream and re-fetches the board fragment on each change.
(function () {
  "use strict";
  function start() {
    var counts = document.getElementById("credentials-counts");
    if (!counts || typeof io === "undefined" || typeof htmx === "undefined") { return; }
    var stream = counts.getAttribute("data-stream");
    var lastSeq = null;
    var socket = io("/live", { transports: ["websocket", "polling"] });
    socket.on("connect", function () { socket.emit("follow", { stream: stream, since: lastSeq }); });
    socket.on("following", function (data) { if (data.stream === stream && lastSeq === null) { lastSeq = data.seq; } });
    socket.on("credentials", function (data) {
      if (data.stream !== stream || (lastSeq !== null && data.seq <= lastSeq)) { return; }
      lastSeq = data.seq;
      var current = document.getElementById("credentials-counts");
      var url = current ? current.getAttribute("data-refresh") : window.location.pathname + window.location.search;
      htmx.ajax("GET", url, { target: "#credentials-board", swap: "innerHTML" });
      var status = document.getElementById("live-status");
      if (status) { status.textContent = (current && current.getAttribute("data-label-updated")) || "Credentials updated"; }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
