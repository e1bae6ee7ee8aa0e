// Keeps a submission's page up to date without reloading it: asks for the status every
// second (then less often) until the result is final, and shows it in place.
(function () {
  const box = document.getElementById("result");
  if (!box || box.dataset.final === "yes") return;
  let delay = 1000;
  async function poll() {
    try {
      const reply = await fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}});
      if (reply.ok) {
        const body = await reply.json();
        box.innerHTML = body.html;
        if (body.final) { box.dataset.final = "yes"; return; }
      }
    } catch (err) { /* the service is restarting: keep asking */ }
    delay = Math.min(delay * 1.2, 5000);
    setTimeout(poll, delay);
  }
  setTimeout(poll, delay);
})();
