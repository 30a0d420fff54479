// What a circle's search result says of when and how often it meets, in the page's language
// and in the words of the page's own cards. The index holds the same facts for every
// language (search.py: "when", "zone", "rhythm"); the page holds its language's sentences,
// zone names and CLDR date and time patterns (finder.html: "cards").

// A search result's two lines: "Starts Tuesday, Mar 16, 2027, 6:00 PM Eastern Time" and
// "6 weekly meetings on Tuesdays".
export function cardWhen(meta, cards) {
  const [form, at] = (meta.when || "").split(" ");
  const sentence = cards.when[form];
  if (!sentence || !at) return "";
  const t = moment(at);
  return sentence.replace(/\{(\w+)\}/g, (_, key) => ({
    weekday: cards.calendar.days[t.weekday],
    date: formatPattern(cards.calendar.date, t, cards.calendar),
    time: formatPattern(cards.calendar.time, t, cards.calendar),
    zone: cards.zones[meta.zone] || "",
  })[key] ?? "");
}

export function cardRhythm(meta, cards) {
  return cards.rhythm[meta.rhythm] || "";
}

// "2027-03-16T18:00" (a wall-clock time where the circle meets) or "2027-03-16".
function moment(at) {
  const [year, month, day] = at.slice(0, 10).split("-").map(Number);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7; // Monday 0
  return { year, month, day, weekday, hour: +at.slice(11, 13) || 0, minute: +at.slice(14, 16) || 0 };
}

// A CLDR date or time pattern ("MMM d, y", "d 'de' MMM 'de' y", "h:mm a") filled in as
// Babel does on the build's side: its fields in Latin digits, quoted text as it stands.
export function formatPattern(pattern, t, calendar) {
  const pad = (value, width) => String(value).padStart(width, "0");
  return pattern.replace(/'((?:[^']|'')*)'|([A-Za-z])\2*/g, (field, quoted, letter) => {
    if (quoted !== undefined) return quoted === "" ? "'" : quoted.replace(/''/g, "'");
    const n = field.length;
    switch (letter) {
      case "y": return n === 2 ? pad(t.year % 100, 2) : pad(t.year, n);
      case "M": case "L": return n >= 3 ? calendar.months[t.month - 1] : pad(t.month, n);
      case "d": return pad(t.day, n);
      case "E": case "c": case "e": return calendar.days[t.weekday];
      case "H": return pad(t.hour, n);
      case "k": return pad(t.hour || 24, n);
      case "h": return pad(t.hour % 12 || 12, n);
      case "K": return pad(t.hour % 12, n);
      case "m": return pad(t.minute, n);
      case "a": case "b": case "B": return t.hour < 12 ? calendar.am : calendar.pm;
      default: return field;
    }
  });
}
