// Selection and attendance pages: "tick all" boxes, cell colours, save feedback.
document.addEventListener("DOMContentLoaded", () => {
  // <input type="checkbox" data-check-all="ids">: tick or clear every box named "ids" in its form.
  document.querySelectorAll("[data-check-all]").forEach((master) => {
    master.addEventListener("change", () => {
      const form = master.closest("form") || document;
      form.querySelectorAll(`input[type=checkbox][name="${master.dataset.checkAll}"]`).forEach((box) => {
        box.checked = master.checked;
      });
    });
  });

  // Cells saved one by one (attendance, pre/post-test scores): mark a cell whose save failed.
  const GRID_CELLS = ".attendance-cell, .score-cell";
  // Attendance cells: colour by status at once.
  const setStatusClass = (select) => {
    select.className = select.className.replace(/\bstatus-\S+/g, "").trim();
    select.classList.add(`status-${select.value || "kosong"}`);
  };
  document.querySelectorAll("select.attendance-cell").forEach((select) => {
    select.addEventListener("change", () => {
      setStatusClass(select);
      select.classList.remove("is-invalid");
    });
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    const cell = event.detail.elt;
    if (cell && cell.matches && cell.matches(GRID_CELLS)) {
      cell.classList.add("is-invalid");
      cell.setAttribute("aria-invalid", "true");
      cell.title = event.detail.xhr.responseText || "Gagal menyimpan";
    }
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const cell = event.detail.elt;
    if (event.detail.successful && cell && cell.matches && cell.matches(GRID_CELLS)) {
      cell.removeAttribute("aria-invalid");
      cell.dataset.saved = "1";
    }
  });
});
