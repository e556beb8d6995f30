// Pre-test/post-test grid: Enter moves down a column (leaving a cell saves it); mark failed saves.
document.addEventListener("DOMContentLoaded", () => {
  const cells = Array.from(document.querySelectorAll("input.score-cell"));
  cells.forEach((cell, index) => {
    cell.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const next = cells.slice(index + 1).find((other) => other.name.endsWith(cell.name.slice(cell.name.lastIndexOf("-"))));
      if (next) next.focus();
    });
    cell.addEventListener("input", () => cell.classList.remove("is-invalid"));
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    const cell = event.detail.elt;
    if (cell && cell.classList && cell.classList.contains("score-cell")) {
      cell.classList.add("is-invalid");
      cell.setAttribute("aria-invalid", "true");
      cell.title = event.detail.xhr.responseText || "Gagal menyimpan";
    }
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const cell = event.detail.elt;
    if (event.detail.successful && cell && cell.classList && cell.classList.contains("score-cell")) {
      cell.removeAttribute("aria-invalid");
      cell.removeAttribute("title");
      cell.dataset.saved = "1";
    }
  });
});
