"""Reminders: each reporter gets the list of the own units' missing measurements."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Measurement


@pytest.fixture
def deadline(people, open_cutoff):
    open_cutoff.deadline = datetime.date(2026, 4, 15)
    open_cutoff.save()
    return open_cutoff.deadline


def test_reporters_get_their_missing_measurements_n_days_before_the_deadline(
    people, returned_4200, deadline, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Measurement.objects.filter(cutoff=people.cutoff, indicator=people.i4075).delete()
    call_command("send_reminders", "--days", "3", "--today", "2026-04-12")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"reportante_a@example.gov.co", "reportante_b@example.gov.co"}
    a = by_address["reportante_a@example.gov.co"]
    assert a.subject == "Tablero: 1 mediciones pendientes, plazo 15/04/2026"
    assert "Hola, Ana:" in a.body and "4200" in a.body and "0,05" in a.body
    assert "4075" not in a.body
    assert "4075" in by_address["reportante_b@example.gov.co"].body


def test_no_reminder_on_other_days_or_for_submitted_reports(
    people, returned_4200, deadline, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--days", "3", "--today", "2026-04-11")
    assert mail.outbox == []
    Measurement.objects.filter(pk=returned_4200.pk).update(status="submitted")
    call_command("send_reminders", "--days", "3", "--today", "2026-04-12")
    assert mail.outbox == []


def test_dry_run_and_bad_arguments(people, returned_4200, deadline, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--days", "0", "--today", "2026-04-15", "--dry-run")
    assert "reportante_a@example.gov.co" in capsys.readouterr().out
    assert mail.outbox == []
    with pytest.raises(CommandError, match="AAAA-MM-DD"):
        call_command("send_reminders", "--days", "1", "--today", "15/04/2026")
