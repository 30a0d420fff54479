"""``python -m catalog new``, driven by options and by answers on standard input: the files it
writes validate, and bad answers are refused with the validator's own messages."""

import io

import pytest

from catalog.cli import main

CIRCLE_OPTIONS = [
    "--title", "Python at Lillian H. Smith", "--course", "py4e", "--language", "en",
    "--facilitators", "Ana Silva, Jo Lee", "--venue-name", "Lillian H. Smith Branch",
    "--venue-address", "239 College St", "--venue-city", "Toronto", "--venue-country", "CA",
    "--schedule-timezone", "America/Toronto", "--schedule-start-date", "2027-04-06",
    "--schedule-start-time", "18:00", "--signup-url", "https://forms.example.org/py",
    "--description", "Bring a laptop.",
]
COURSE_OPTIONS = [
    "--title", "Intro to Statistics", "--url", "https://www.khanacademy.org/math/statistics",
    "--provider", "Khan Academy", "--language", "en", "--topics", "math, statistics",
    "--summary", "Statistics from the ground up.", "--description", "Videos and exercises.",
]


def new(kind: str, *argv: str) -> int:
    return main(["new", kind, *argv, "--no-input"])


def test_circle_from_options_validates(site, capsys):
    assert new("circle", *CIRCLE_OPTIONS) == 0
    path = site.content / "circles/python-at-lillian-h-smith.yaml"
    assert "wrote content/circles/python-at-lillian-h-smith.yaml" in capsys.readouterr().err
    assert site.problems() == []
    circle = site.catalog().circles["python-at-lillian-h-smith"]
    assert circle.facilitators == ("Ana Silva", "Jo Lee")
    assert [m.start.isoformat() for m in circle.meetings][:1] == ["2027-04-06T18:00:00-04:00"]
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schemas/circle.schema.json\n")


def test_course_and_organization_from_options(site):
    assert new("course", *COURSE_OPTIONS, "--slug", "khan-statistics") == 0
    assert new("organization", "--name", "Nairobi Library", "--country", "KE") == 0
    catalog = site.catalog()
    assert catalog.courses["khan-statistics"].topics == ("math", "statistics")
    assert catalog.organizations["nairobi-library"].country == "KE"


@pytest.mark.parametrize("option, value, message", [
    ("--course", "py4e-2", "no course 'py4e-2' exists in content/courses/ (did you mean 'py4e'?)"),
    ("--schedule-timezone", "America/Toront",
     "'America/Toront' is not an IANA time zone (did you mean 'America/Toronto'?)"),
    ("--schedule-timezone", "EST", "'EST' does not follow any place's daylight saving rules: use "
     "the zone of the city, such as 'America/New_York' or 'Europe/Berlin'"),
    ("--venue-country", "Canada",
     "'Canada' is not an ISO 3166-1 alpha-2 country code (did you mean 'CA'?)"),
    ("--facilitators", "Ana, ana@example.org",
     "contains an e-mail address: list names only, contact details are not published"),
    ("--schedule-start-time", "9:00",
     "must be a time written HH:MM on a 24-hour clock, e.g. 18:00 or 09:30"),
    ("--signup-url", "http://forms.example.org/py", "must be an https:// address, so that what "
     "people type into the form is sent encrypted"),
])
def test_bad_option_is_refused_with_the_validators_message(site, capsys, option, value, message):
    argv = list(CIRCLE_OPTIONS)
    argv[argv.index(option) + 1] = value
    assert new("circle", *argv) == 2
    assert capsys.readouterr().err == f"error: {option}: {message}\n"
    assert not list((site.content / "circles").iterdir())


def test_time_skipped_by_daylight_saving_is_refused(site, capsys):
    argv = [v.replace("2027-04-06", "2027-03-07").replace("18:00", "02:30") for v in CIRCLE_OPTIONS]
    assert new("circle", *argv) == 2
    assert capsys.readouterr().err == (
        "error: --schedule-start-time: 02:30 does not exist on 2027-03-14 in America/Toronto: the "
        "clocks jump from 02:00 to 03:00 that night; choose another start time or move that "
        "meeting\n")


def test_refuses_to_overwrite(site, capsys):
    site.circle(name="circles/python-at-lillian-h-smith.md")
    assert new("circle", *CIRCLE_OPTIONS) == 2
    assert capsys.readouterr().err == (
        "error: --slug: has the same slug 'python-at-lillian-h-smith' as "
        "content/circles/python-at-lillian-h-smith.md: keep one file per slug, in one form "
        "(.md or .yaml)\n")


def test_bad_slug_gets_the_validators_message(site, capsys):
    assert new("course", *COURSE_OPTIONS, "--slug", "Intro_Stats") == 2
    assert capsys.readouterr().err == (
        "error: --slug: the file name 'Intro_Stats' is not a valid slug (lower-case letters, "
        "digits and single hyphens, at most 80): rename the file to 'intro-stats.yaml'\n")


def test_missing_required_option_without_input(site, capsys):
    assert new("course", "--title", "Intro to Statistics") == 2
    assert capsys.readouterr().err == "error: --url is required\n"


def test_answers_on_stdin_re_ask_after_a_bad_answer(site, capsys, monkeypatch):
    answers = ["organization", "Kenya National Library Service", "https://knls.ac.ke/", "",
               "Kenya", "KE", "", ""]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    assert main(["new"]) == 0
    err = capsys.readouterr().err
    assert ("  country: 'Kenya' is not an ISO 3166-1 alpha-2 country code (did you mean 'KE'?)"
            in err.splitlines())
    organization = site.catalog().organizations["kenya-national-library-service"]
    assert (organization.url, organization.city, organization.country) == (
        "https://knls.ac.ke/", None, "KE")


def test_stdin_online_circle_skips_the_venue(site, monkeypatch):
    answers = ["Python online", "", "tpl", "en", "Ana Silva", "yes", "Europe/Warsaw",
               "2027-04-06", "8", "18:30", "https://forms.example.org/o", "Online, weekly.", "py-online"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    assert main(["new", "circle"]) == 0
    circle = site.catalog().circles["py-online"]
    assert (circle.online, circle.venue, len(circle.meetings)) == (True, None, 8)


def test_input_that_ends_early_is_a_clean_error(site, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Python online\n"))
    assert main(["new", "course"]) == 2
    assert "the input ended before every question was answered" in capsys.readouterr().err
