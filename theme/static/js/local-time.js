// On an online circle's page, each meeting's time is also given in the reader's own time
// zone when it differs from the circle's: "6:00 PM – 8:00 PM Eastern Time (11:00 PM – 1:00 AM
// your time)". The page's own words stay as they are; without JavaScript they are all.

const page = document.querySelector("[data-your-time]");
if (page) addReadersTime(page);

function addReadersTime(page) {
  const words = page.dataset.yourTime; // "{time} your time", in the page's language
  const lang = document.documentElement.lang || "en";
  const clock = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" });
  const weekday = new Intl.DateTimeFormat(lang, { weekday: "long" });
  for (const span of page.querySelectorAll(".meeting-time")) {
    const [start, end] = span.querySelectorAll("time");
    if (!start || !end) continue;
    const at = new Date(start.dateTime);
    if (Number.isNaN(at.getTime()) || offsetOf(start.dateTime) === -at.getTimezoneOffset()) continue;
    let text = `${clock.format(at)} – ${clock.format(new Date(end.dateTime))}`;
    // When the reader's day is not the circle's, say which day it is for the reader.
    if (at.getDate() !== Number(start.dateTime.slice(8, 10))) text = `${weekday.format(at)} ${text}`;
    const note = document.createElement("span");
    note.className = "your-time";
    note.textContent = ` (${words.replace("{time}", text)})`;
    span.after(note);
  }
}

/** The UTC offset in minutes written at the end of an ISO date-time ("+05:30", "Z"). */
function offsetOf(iso) {
  const match = /([+-])(\d\d):(\d\d)$/.exec(iso);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}
