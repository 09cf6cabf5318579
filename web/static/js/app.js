// unionflow: progressive enhancements only; every core action works without JavaScript.
(function () {
  "use strict";
  // Irreversible steps ask for confirmation: <button data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
