// A form that comes back with errors: move the focus to its error summary, so that a
// screen reader reads it out (role="alert", labelled by its heading) and a keyboard user
// starts from the list of links to the fields. Each link focuses its field.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();
