// unionflow plan editor: add and remove section / month rows without a round trip.
// Without JavaScript the same buttons submit the form and the server re-renders it.
(function () {
  "use strict";
  var form = document.getElementById("plan-editor");
  if (!form) { return; }

  function nextIndex(kind) {
    var max = -1;
    form.querySelectorAll("[name^='" + kind + "-']").forEach(function (el) {
      var m = /^\w+-(\d+)-/.exec(el.name);
      if (m) { max = Math.max(max, parseInt(m[1], 10)); }
    });
    return max + 1;
  }

  function addRow(kind) {
    var tpl = document.getElementById("tpl-" + kind);
    var box = form.querySelector("[data-rows='" + kind + "']");
    if (!tpl || !box) { return; }
    var html = tpl.innerHTML.replace(/__i__/g, String(nextIndex(kind)));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    box.appendChild(row);
    var first = row.querySelector("input, textarea");
    if (first) { first.focus(); }
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-editor-add]");
    if (add) {
      event.preventDefault();
      addRow(add.getAttribute("data-editor-add"));
      return;
    }
    var del = event.target.closest("[data-editor-del]");
    if (del) {
      event.preventDefault();
      var row = del.closest("[data-row]");
      var typed = Array.prototype.some.call(row.querySelectorAll("input, textarea"), function (el) {
        return el.value.trim() !== "";
      });
      var ask = form.getAttribute("data-confirm-delete");
      if (typed && ask && !window.confirm(ask)) { return; }
      row.parentNode.removeChild(row);
    }
  });
})();
