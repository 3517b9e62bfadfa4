// Situational picture: re-reads the JSON endpoint (same origin) and redraws the rows.
(function () {
  "use strict";
  var root = document.querySelector("[data-situation-url]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-situation-url");
  var body = root.querySelector("[data-rows]");
  function cell(text) { var td = document.createElement("td"); td.textContent = text || ""; return td; }
  function item(i) { return i ? i.title + " " + i.starts + "–" + i.ends + " " + (i.place || "") : ""; }
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        body.textContent = "";
        data.visits.forEach(function (v) {
          var tr = document.createElement("tr");
          [v.reference + " " + v.organisation, String(v.headcount), item(v.now), item(v.next),
           (v.escort + " " + v.escort_phone).trim(), v.contact].forEach(function (t) { tr.appendChild(cell(t)); });
          body.appendChild(tr);
        });
        var stamp = root.querySelector("[data-updated]");
        if (stamp) { stamp.textContent = data.updated; }
      })
      .catch(function () {});
  }
  refresh();
  window.setInterval(refresh, 30000);
})();
