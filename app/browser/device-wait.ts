// The waiting page of a sign-in with a code, with JavaScript (ADR 039). Without it the page reloads
// itself every few seconds (<noscript> refresh); with it the page stays put, so a screen reader doesn't
// start over each time, and reloads once when /auth/device/state says the approval (or refusal) came.
const area = document.querySelector<HTMLElement>("[data-device-wait]");
if (area) {
  const everyMs = Number(area.dataset.deviceWait) * 1000;
  const ask = async () => {
    try {
      const answer = await fetch("/auth/device/state", { cache: "no-store", credentials: "same-origin" });
      const { state } = (await answer.json()) as { state: string };
      if (state !== "waiting") return location.reload();
    } catch {
      // Offline a moment (a TV's Wi-Fi): ask again later.
    }
    setTimeout(ask, everyMs);
  };
  setTimeout(ask, everyMs);
}
