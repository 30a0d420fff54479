"""Venue access and online access in a circle file: terms from a fixed list, each mistake with
the exact line a contributor sees and the listed term it may mean."""

import pytest

COUNTRY = "  country: CA"


PROBLEMS = [
    pytest.param([(COUNTRY, COUNTRY + '\n  access: [step-free-entrance, hearing-lop]')],
                 "11:32: error: venue.access[1]: 'hearing-lop' is not allowed; use one of step-free-entrance, elevator, accessible-toilet, gender-neutral-toilet, hearing-loop, quiet-room, seating-with-back, large-print-materials, sign-language-on-request, service-animals-welcome, lactation-room, childcare, near-transit, parking, accessible-parking (did you mean 'hearing-loop'?)",
                 id='unknown term'),
    pytest.param([(COUNTRY, COUNTRY + '\n  access: step-free-entrance')],
                 "11:11: error: venue.access: must be a list: write each item on its own line starting with '- ', or [step-free-entrance]",
                 id='term as text'),
    pytest.param([(COUNTRY, COUNTRY + '\n  access: [elevator, elevator]')],
                 "11:22: error: venue.access[1]: 'elevator' is listed twice: remove one",
                 id='term twice'),
    pytest.param([(COUNTRY, COUNTRY + '\n  access: [Elevator]')],
                 "11:12: error: venue.access[0]: 'Elevator' is not allowed; use one of step-free-entrance, elevator, accessible-toilet, gender-neutral-toilet, hearing-loop, quiet-room, seating-with-back, large-print-materials, sign-language-on-request, service-animals-welcome, lactation-room, childcare, near-transit, parking, accessible-parking (did you mean 'elevator'?)",
                 id='term capitalised'),
    pytest.param([(COUNTRY, COUNTRY + '\n  access: [wheelchair-accessible]')],
                 "11:12: error: venue.access[0]: 'wheelchair-accessible' is not allowed; use one of step-free-entrance, elevator, accessible-toilet, gender-neutral-toilet, hearing-loop, quiet-room, seating-with-back, large-print-materials, sign-language-on-request, service-animals-welcome, lactation-room, childcare, near-transit, parking, accessible-parking (did you mean 'step-free-entrance'?)",
                 id='wheelchair'),
    pytest.param([(COUNTRY, COUNTRY + '\n  access: []')],
                 '11:11: error: venue.access: lists 0 items; it needs at least 1',
                 id='empty access'),
    pytest.param([('description:', 'online_access: [captions]\ndescription:')],
                 "17:16: error: online_access: is for circles that meet online: write online: true, or list the venue's access under venue.access",
                 id='online term at a venue'),
    pytest.param([('facilitators:', 'online: true\nonline_access: [subtitles]\nfacilitators:')],
                 "6:17: error: online_access[0]: 'subtitles' is not allowed; use one of captions, transcripts, screen-reader-friendly-platform, dial-in (did you mean 'captions'?)",
                 id='unknown online term'),
    pytest.param([(COUNTRY, "  country: CA\n  access_note: ' '")],
                 '11:16: error: venue.access_note: is blank: write some text or remove the line',
                 id='blank note'),
]


@pytest.mark.parametrize("replacements, expected", PROBLEMS)
def test_access_problem(site, replacements, expected):
    site.circle(*replacements)
    assert site.problems() == [f"content/circles/c.yaml:{expected}"]


@pytest.mark.parametrize("replacements", [
    pytest.param([(COUNTRY, COUNTRY + '\n  access: [step-free-entrance, accessible-toilet, hearing-loop]\n  access_note: Ask at the desk.')], id='venue terms'),
    pytest.param([('facilitators:', 'online: true\nonline_access: [captions, dial-in]\nfacilitators:')], id='online terms'),
])
def test_valid_access(site, replacements):
    site.circle(*replacements)
    assert site.problems() == []


def test_access_reaches_the_model(site):
    site.circle((COUNTRY, COUNTRY + "\n  access: [hearing-loop, elevator]\n  access_note: Ask at the desk."))
    venue = site.catalog().circles["c"].venue
    assert (venue.access, venue.access_note) == (("hearing-loop", "elevator"), "Ask at the desk.")
