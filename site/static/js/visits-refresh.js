// Refreshes "now" and "next" on the phone view without reloading (same origin only).
(function () {
  "use strict";
  var root = document.querySelector("[data-refresh-url]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-refresh-url");
  function show(slot, item) {
    var el = root.querySelector('[data-slot="' + slot + '"]');
    if (!el || !item) { return; }
    el.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = item.title;
    el.appendChild(strong);
    el.appendChild(document.createTextNode(" " + item.starts + "–" + item.ends + (item.place ? ", " + item.place : "")));
  }
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        show("now", data.now);
        show("next", data.next);
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 60000);
})();
