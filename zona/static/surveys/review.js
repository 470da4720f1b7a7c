// The review queue's "select every response on this page" boxes (a file, not an inline
// script, so that the page works under a Content-Security-Policy).
document.addEventListener("change", (event) => {
  const all = event.target;
  if (!(all instanceof HTMLInputElement) || !all.matches("[data-select-all]")) return;
  document.querySelectorAll("input[name=ids], [data-select-all]").forEach((box) => {
    box.checked = all.checked;
  });
});
