// Small behaviours shared by every page. No inline script: the Content-Security-Policy forbids it.
(function () {
  "use strict";
  // Send the CSRF token with every htmx request.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
  // Mark the navigation link of the current section for assistive technology and the eye.
  document.addEventListener("DOMContentLoaded", function () {
    var section = "/" + (location.pathname.split("/")[1] || "");
    document.querySelectorAll("header.site nav a").forEach(function (link) {
      var target = "/" + (new URL(link.href, location.href).pathname.split("/")[1] || "");
      if (section !== "/" && target === section) { link.setAttribute("aria-current", "page"); }
    });
  });
  // The language switch submits on change; its button stays for keyboard users without JS.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "lang-select") { event.target.form.submit(); }
  });
})();
