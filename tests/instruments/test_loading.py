"""Instrument files into the database: validated, audited, immutable once loaded."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zona.audit.models import Event
from zona.instruments.models import Instrument, Question
from zona.instruments.services import InstrumentInUse, load_instrument_from_file
from zona.instruments.spec import DATA_DIR, load_instrument
from zona.scoring import UnitInput, score_unit


@pytest.fixture
def loaded(db: None) -> None:
    call_command("load_instruments", verbosity=0)


def test_both_shipped_instruments_load_with_their_questions(loaded: None) -> None:
    kumham = Instrument.objects.get(code="permenkumham-29-2019")
    assert kumham.questions.count() == 81
    assert kumham.areas.count() == 6
    assert sum(a.weight for a in kumham.areas.all()) == 60
    assert Instrument.objects.get(code="permenpanrb-90-2021").questions.count() == len(
        load_instrument("permenpanrb-90-2021").questions
    )
    assert Event.objects.filter(action="instrument.loaded").count() == 2


def test_loading_again_changes_nothing(loaded: None) -> None:
    events = Event.objects.count()
    call_command("load_instruments", verbosity=0)
    assert Event.objects.count() == events


def test_the_stored_instrument_scores_like_the_file(loaded: None) -> None:
    instrument = Instrument.objects.get(code="permenkumham-29-2019")
    answers = {q.code: q.options[0]["label"] for q in instrument.questions.all() if q.options}
    results = {"anti_corruption_survey": 4, "tlhp_percent": 100, "service_survey": 4}
    score = score_unit(instrument.spec(), UnitInput(results=results, answers=answers))
    assert score.total == 100


def test_a_file_changed_only_in_its_comments_is_the_instrument_loaded(
    loaded: None, tmp_path: Path
) -> None:
    source = (DATA_DIR / "permenkumham-29-2019.toml").read_text()
    stored = Instrument.objects.get(code="permenkumham-29-2019")
    events = Event.objects.count()
    edited = tmp_path / "permenkumham-29-2019.toml"
    edited.write_text("# a comment reworded\n" + source.replace("\nformat = 1", "\n\nformat  =  1"))
    outcome = load_instrument_from_file(actor=None, path=edited)
    assert outcome.status == "unchanged"
    again = Instrument.objects.get(code="permenkumham-29-2019")
    assert (again.pk, again.source_sha256, again.source_text) == (
        stored.pk,
        stored.source_sha256,
        stored.source_text,
    )
    assert Event.objects.count() == events


def test_a_changed_file_is_refused_without_replace(loaded: None, tmp_path: Path) -> None:
    source = (DATA_DIR / "permenkumham-29-2019.toml").read_text()
    changed = tmp_path / "permenkumham-29-2019.toml"
    changed.write_text(source.replace('title = "', 'title = "Diubah: ', 1))
    with pytest.raises(InstrumentInUse):
        load_instrument_from_file(actor=None, path=changed)
    outcome = load_instrument_from_file(actor=None, path=changed, replace=True)
    assert outcome.status == "replaced"
    assert Instrument.objects.get(code="permenkumham-29-2019").title.startswith("Diubah")
    assert Event.objects.filter(action="instrument.replaced").count() == 1


def test_a_broken_file_is_reported_and_nothing_is_written(db: None, tmp_path: Path) -> None:
    source = (DATA_DIR / "permenkumham-29-2019.toml").read_text()
    broken = tmp_path / "permenkumham-29-2019.toml"
    broken.write_text(source.replace("weight = 8", "weight = 9", 1))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_instruments", str(broken), stderr=errors)
    assert "weight" in errors.getvalue()
    assert not Instrument.objects.exists()
    assert not Question.objects.exists()


def test_the_stored_questions_carry_the_criterion_of_each_option(loaded: None) -> None:
    question = Question.objects.get(instrument__code="permenpanrb-90-2021", code="PPA1A")
    assert question.options == [
        {"label": "Ya", "value": "1", "criterion": "Jika Tim telah dibentuk di dalam unit kerja"},
        {"label": "Tidak", "value": "0", "criterion": ""},
    ]


def test_a_corrected_criterion_is_taken_by_the_instrument_in_use(
    loaded: None, tmp_path: Path
) -> None:
    source = (DATA_DIR / "permenkumham-29-2019.toml").read_text()
    stored = Instrument.objects.get(code="permenkumham-29-2019")
    corrected = tmp_path / "permenkumham-29-2019.toml"
    corrected.write_text(source.replace('"Jika tidak di seleksi"', '"Jika tanpa seleksi"', 1))
    outcome = load_instrument_from_file(actor=None, path=corrected)
    assert outcome.status == "reworded"
    again = Instrument.objects.get(code="permenkumham-29-2019")
    assert again.pk == stored.pk and again.source_sha256 != stored.source_sha256
    options = again.questions.get(code="MP.1.b").options
    assert options[2] == {"label": "C", "value": "0", "criterion": "Jika tanpa seleksi"}
    assert again.spec().question("MP.1.b").options[2].criterion == "Jika tanpa seleksi"
    assert Event.objects.filter(action="instrument.reworded").count() == 1


def test_a_changed_option_value_is_not_a_rewording(loaded: None, tmp_path: Path) -> None:
    source = (DATA_DIR / "permenkumham-29-2019.toml").read_text()
    changed = tmp_path / "permenkumham-29-2019.toml"
    changed.write_text(source.replace('label = "B", value = 0.5', 'label = "B", value = 0.4'))
    with pytest.raises(InstrumentInUse):
        load_instrument_from_file(actor=None, path=changed)
