// A table wider than the screen scrolls inside its .table-wrap: such a box takes keyboard
// focus (arrow keys then scroll it) and names itself after its table; one that fits does not
// add a tab stop (WCAG 2.1.1, axe's scrollable-region-focusable).
(function () {
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        var heading = box.closest("section") && box.closest("section").querySelector("h2, h3");
        var name = (caption || heading || {}).textContent;
        if (name) box.setAttribute("aria-label", name.trim());
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
