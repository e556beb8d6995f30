// Programme page: the quota table's live total and "Bagi rata" without a round trip.
// Without JavaScript the same button asks the server, which fills the table the same way.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("form-kuota");
  if (!form) return;
  const inputs = Array.from(form.querySelectorAll(".kuota-input"));
  const total = document.getElementById("jumlah-kuota");
  const confirmBox = document.getElementById("konfirmasi-kuota");
  const divideButton = document.getElementById("tombol-bagi-rata");
  const target = Number(divideButton ? divideButton.dataset.target : 0);
  const format = new Intl.NumberFormat("id-ID");

  const refresh = () => {
    const sum = inputs.reduce((acc, input) => acc + (parseInt(input.value, 10) || 0), 0);
    if (total) total.textContent = format.format(sum);
    if (confirmBox) {
      const over = sum > target;
      // Keep the box visible once the server has flagged it.
      if (over || !confirmBox.querySelector(".is-invalid")) {
        confirmBox.classList.toggle("d-none", !over);
      }
    }
  };

  inputs.forEach((input) => input.addEventListener("input", refresh));

  if (divideButton) {
    divideButton.addEventListener("click", (event) => {
      event.preventDefault();
      if (!inputs.length) return;
      // Same rule as the server: equal shares, the remainder one each to the first districts.
      const base = Math.floor(target / inputs.length);
      const remainder = target % inputs.length;
      inputs.forEach((input, index) => {
        input.value = String(base + (index < remainder ? 1 : 0));
      });
      refresh();
      inputs[0].focus();
    });
  }
  refresh();
});
