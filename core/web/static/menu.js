// The menu button of narrow screens: opens and closes the sidebar (also after htmx swaps).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".menu-toggle");
  if (!button) { return; }
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", open ? "true" : "false");
  if (menu) { menu.classList.toggle("open", open); }
});
