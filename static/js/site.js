/* Behaviour every page may use, kept out of the HTML: the Content-Security-Policy allows
   no inline script or event handler attribute. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".print-button") : null;
    if (button) { window.print(); }
  });
})();
