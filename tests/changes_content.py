"""Circles whose plans changed, for the embed tests, laid out for the build date 2027-03-10:
one in progress whose next meeting is cancelled and the one after it moved, a full one with a
waitlist, one postponed from its third meeting on, one cancelled before it started and one
cancelled whose meetings have all passed. All at Toronto Public Library (``tpl``)."""

from __future__ import annotations

from helpers import Site

CHANGES = """  start_date: 2027-03-02
  changes:
    - {date: 2027-03-16, cancelled: true, note: The library is closed for a holiday.}
    - {date: 2027-03-23, moved_to: {date: 2027-03-24, start_time: "18:30"}, note: The room is booked; we meet on Wednesday.}"""
CHANGED, FULL, POSTPONED, CANCELLED, PAST = (
    "Python at the Library", "Full circle", "Data at the Library", "Spanish conversation",
    "Old cancelled circle")


def called_off(status: str, note: str) -> tuple[str, str]:
    return ("description:", f"status: {status}\nstatus_note: {note}\ndescription:")


def write_changes_content(site: Site) -> None:
    """The circles above in ``site``'s content folder, a file each."""
    site.circle(("  start_date: 2027-03-02", CHANGES), name="circles/changed.yaml")
    site.circle(("title: Python at the Library", f"title: {FULL}"),
                ("start_date: 2027-03-02", "start_date: 2027-03-18"),
                ("  url: https://forms.example.org/py", "  url: https://forms.example.org/py\n"
                 "  status: full\n  waitlist_url: https://forms.example.org/py-waitlist"),
                name="circles/full.yaml")
    site.circle(("title: Python at the Library", f"title: {POSTPONED}"),
                called_off("postponed", "The room is under repair.\nstatus_from: 2027-03-16"),
                name="circles/postponed.yaml")
    site.circle(("title: Python at the Library", f"title: {CANCELLED}"),
                ("start_date: 2027-03-02", "start_date: 2027-03-20"),
                called_off("cancelled", "The facilitator is ill."), name="circles/cancelled.yaml")
    site.circle(("title: Python at the Library", f"title: {PAST}"),
                ("start_date: 2027-03-02", "start_date: 2027-01-05"),
                called_off("cancelled", "Nobody signed up."), name="circles/old.yaml")
