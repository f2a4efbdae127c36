// The live hint beside a new-password field (app/components/password-field.tsx): a moment after typing
// stops, asks the server what its password policy says of the value (POST /api/password-check, ADR 029)
// and writes the answer into the hint. Plain script, no framework: it also runs on the invite and reset
// pages, which are sent without any other JavaScript. The value goes only to Porch, never into a URL.
(function () {
  if (window.porchPasswordHint) return;
  window.porchPasswordHint = true;
  var timers = new WeakMap();
  var latest = new WeakMap();

  function show(hint, text, verdict) {
    hint.textContent = text;
    if (verdict) hint.setAttribute("data-verdict", verdict);
    else hint.removeAttribute("data-verdict");
  }

  function usernameOf(input) {
    var name = input.getAttribute("data-username-field");
    var field = name && input.form ? input.form.elements.namedItem(name) : null;
    return (field && field.value) || input.getAttribute("data-username") || undefined;
  }

  function check(input, hint) {
    var password = input.value;
    var ticket = {};
    latest.set(input, ticket);
    if (!password) return show(hint, "", null);
    var headers = { "Content-Type": "application/json" };
    var link = input.getAttribute("data-password-link");
    if (link) headers["Porch-Link"] = link;
    fetch("/api/password-check", {
      method: "POST",
      headers: headers,
      body: JSON.stringify({ password: password, username: usernameOf(input) }),
      credentials: "same-origin",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(
        function (answer) {
          if (latest.get(input) !== ticket) return; // typing went on: a newer answer is coming
          if (!answer) return show(hint, "", null);
          show(hint, answer.hint, answer.ok ? answer.strength : "problem");
        },
        function () {
          // Offline or refused: the server still checks when the form is sent.
        },
      );
  }

  function schedule(input) {
    if (!(input instanceof HTMLInputElement)) return;
    var hint = document.getElementById(input.getAttribute("data-password-hint") || "");
    if (!hint) return;
    clearTimeout(timers.get(input));
    timers.set(
      input,
      setTimeout(function () {
        check(input, hint);
      }, 300),
    );
  }

  document.addEventListener("input", function (event) {
    schedule(event.target);
  });
  // Typed (or filled in by a password manager) before this script arrived.
  document.querySelectorAll("input[data-password-hint]").forEach(function (input) {
    if (input.value) schedule(input);
  });
})();
