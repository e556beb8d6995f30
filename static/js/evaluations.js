// Pre-test/post-test grid: Enter moves down a column, as in a spreadsheet (leaving a cell saves
// it; attendance.js marks a cell whose save failed).
document.addEventListener("DOMContentLoaded", () => {
  const cells = Array.from(document.querySelectorAll("input.score-cell"));
  cells.forEach((cell, index) => {
    const column = cell.name.slice(cell.name.lastIndexOf("-"));
    cell.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const next = cells.slice(index + 1).find((other) => other.name.endsWith(column));
      if (next) next.focus();
    });
    cell.addEventListener("input", () => cell.classList.remove("is-invalid"));
  });
});
