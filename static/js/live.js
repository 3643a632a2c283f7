// Live updates: follow the streams of the page over Socket.IO (/live) and update the page.
//
// Every element with data-live-stream="<kind>:<key>" is followed from data-live-since (the last seq
// the page was rendered with; absent: from now on). Each event arrives as a DOM CustomEvent
// "live:<name>" (detail = the event's data) on that element. Events are taken strictly in seq order:
// one already seen is dropped; one after a gap is held back and the stream is followed again from
// the last seq seen, so the server replays what is missing. After a lost connection (sleep, server
// restart) the client reconnects by itself and follows every stream again from its last seq.
//
// On a document stream a `revision` event fills #revision-notice, marks the changed paragraphs
// (#p-<wid>) with the class "changed" and links to the comparison. Elements may carry
// data-live-refresh="<url>" (and data-live-refresh-target="<selector>") to re-fetch a fragment with
// htmx on each event.
//
// Other scripts use window.ConfmgrLive.follow(element | stream, {since, on: {eventName: fn}}). Besides
// the stream's own events, `on` may take `following` (the stream is followed: after the first follow
// and after each reconnect), `error` (the server refused the follow) and `offline` (the connection is
// lost; the client is reconnecting).
(function () {
  "use strict";
  var socket = null;
  var follows = {}; // stream -> follow record

  function statusRegion() { return document.getElementById("live-status"); }

  function say(key, fallback) {
    var region = statusRegion();
    if (!region) { return; }
    var text = region.getAttribute("data-label-" + key) || fallback;
    if (region.textContent !== text) { region.textContent = text; }
    document.documentElement.setAttribute("data-live-state", key);
  }

  function connect() {
    if (socket) { return socket; }
    if (typeof window.io !== "function") { return null; }
    socket = window.io("/live", {transports: ["websocket", "polling"], reconnectionDelayMax: 3000});
    socket.on("connect", function () {
      say("online", "Live updates on");
      Object.keys(follows).forEach(function (stream) { sendFollow(follows[stream]); });
    });
    socket.on("disconnect", offline);
    socket.on("connect_error", offline);
    socket.onAny(receive);
    return socket;
  }

  function offline() {
    say("offline", "Live updates interrupted; reconnecting…");
    Object.keys(follows).forEach(function (stream) { emitTo(follows[stream], "offline", {stream: stream}); });
  }

  function sendFollow(f) {
    f.refollowing = true;
    if (socket && socket.connected) {
      socket.emit("follow", {stream: f.stream, since: f.last});
    }
  }

  function receive(name, data) {
    if (!data || typeof data.stream !== "string") { return; }
    var f = follows[data.stream];
    if (!f) { return; }
    if (name === "following") {
      f.refollowing = false;
      if (f.last === null) { f.last = data.seq; }
      emitTo(f, "following", data);
      return;
    }
    if (name === "error" || name === "unfollowed") {
      f.refollowing = false;
      emitTo(f, name, data);
      return;
    }
    if (typeof data.seq !== "number") { emitTo(f, name, data); return; }
    if (f.last !== null && data.seq <= f.last) { return; } // seen already
    if (f.last === null || data.seq === f.last + 1) {
      deliver(f, name, data);
      while (f.buffer[f.last + 1]) {
        var next = f.buffer[f.last + 1];
        delete f.buffer[f.last + 1];
        deliver(f, next[0], next[1]);
      }
      Object.keys(f.buffer).forEach(function (s) { if (Number(s) <= f.last) { delete f.buffer[s]; } });
      return;
    }
    // A gap: keep this one and ask for what is missing.
    f.buffer[data.seq] = [name, data];
    if (!f.refollowing) { sendFollow(f); }
  }

  function deliver(f, name, data) {
    f.last = data.seq;
    emitTo(f, name, data);
    if (name === "revision" && f.stream.indexOf("document:") === 0) {
      f.elements.forEach(function (el) { renderRevision(el, data); });
    }
    f.elements.forEach(function (el) {
      var url = el.getAttribute("data-live-refresh");
      if (url && window.htmx) {
        window.htmx.ajax("GET", url, {target: el.getAttribute("data-live-refresh-target") || el, swap: "innerHTML"});
      }
    });
  }

  function emitTo(f, name, data) {
    f.elements.forEach(function (el) {
      el.dispatchEvent(new CustomEvent("live:" + name, {detail: data, bubbles: true}));
    });
    f.handlers.forEach(function (on) {
      if (typeof on[name] === "function") {
        try { on[name](data); } catch (err) { window.console && console.error(err); }
      }
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  // "A/CONF.192/2012/RC/CRP.3/Rev.2" on base "A/CONF.192/2012/RC/CRP.3" -> "CRP.3/Rev.2".
  function shortSymbol(symbol, base) {
    if (!symbol) { return ""; }
    if (base && symbol.indexOf(base) === 0) {
      return base.split("/").pop() + symbol.slice(base.length);
    }
    return symbol;
  }

  function renderRevision(el, data) {
    var notice = document.getElementById("revision-notice");
    var summary = data.summary && data.summary.text ? data.summary.text : "";
    var values = {symbol: shortSymbol(data.symbol, data.base), full_symbol: data.symbol, summary: summary,
                  previous: shortSymbol(data.previous, data.base)};
    if (notice) {
      notice.textContent = "";
      var p = document.createElement("p");
      p.textContent = fill(el.getAttribute("data-live-label-published") || "{symbol} published: {summary}", values);
      notice.appendChild(p);
      if (data.previous) {
        var a = document.createElement("a");
        var url = el.getAttribute("data-live-compare-url") || "/compare";
        a.href = url + "?from=" + encodeURIComponent(data.previous) + "&to=" + encodeURIComponent(data.symbol);
        a.className = "compare-link";
        a.textContent = fill(el.getAttribute("data-live-label-compare") || "Compare {previous} with {symbol}", values);
        notice.appendChild(a);
      }
      notice.hidden = false;
      notice.classList.add("has-notice");
    }
    (data.changed || []).forEach(function (entry) {
      [entry.from_wid, entry.to_wid].forEach(function (wid) {
        var node = wid ? document.getElementById("p-" + wid) : null;
        if (node) { node.classList.add("changed"); }
      });
    });
  }

  function parseSince(value) {
    if (value === null || value === undefined || value === "") { return null; }
    var n = parseInt(value, 10);
    return isNaN(n) || n < 0 ? null : n;
  }

  function follow(target, options) {
    options = options || {};
    var el = typeof target === "string" ? null : target;
    var stream = el ? el.getAttribute("data-live-stream") : target;
    if (!stream) { return null; }
    var since = options.since !== undefined ? parseSince(options.since)
      : (el ? parseSince(el.getAttribute("data-live-since")) : null);
    var f = follows[stream];
    var fresh = !f;
    if (fresh) {
      f = follows[stream] = {stream: stream, last: since, buffer: {}, elements: [], handlers: [], refollowing: false};
    } else if (since !== null && (f.last === null || since < f.last)) {
      f.last = since; // an earlier starting point: replay from there, duplicates are dropped
      fresh = true;
    }
    if (el && f.elements.indexOf(el) < 0) { f.elements.push(el); }
    if (options.on) { f.handlers.push(options.on); }
    if (connect() && fresh) { sendFollow(f); }
    return {
      stream: stream,
      last: function () { return f.last; },
      unfollow: function () {
        delete follows[stream];
        if (socket && socket.connected) { socket.emit("unfollow", {stream: stream}); }
      }
    };
  }

  function emit(name, data, callback, timeoutMs) {
    var s = connect();
    if (!s || !s.connected) { callback && callback(new Error("offline")); return; }
    s.timeout(timeoutMs || 10000).emit(name, data, function (err, reply) { callback && callback(err, reply); });
  }

  function start() {
    document.querySelectorAll("[data-live-stream]").forEach(function (el) {
      if (!el.hasAttribute("data-live-manual")) { follow(el); }
    });
  }

  window.ConfmgrLive = {follow: follow, emit: emit, connect: connect, shortSymbol: shortSymbol};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
