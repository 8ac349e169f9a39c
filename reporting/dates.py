"""The one date parser of commands and forms: dates as every page writes them (dd/mm/aaaa) and
as ISO (aaaa-mm-dd)."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
COLOMBIAN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class DateError(ValueError):
    pass


def parse_date(text: str) -> datetime.date:
    """``31/03/2024`` or ``2024-03-31``; DateError with a Spanish message otherwise."""
    text = (text or "").strip()
    if match := ISO.match(text):
        year, month, day = match.groups()
    elif match := COLOMBIAN.match(text):
        day, month, year = match.groups()
    else:
        raise DateError(
            _("«%(t)s» no es una fecha: escríbala como dd/mm/aaaa (31/03/2024) o aaaa-mm-dd.")
            % {"t": text}
        )
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise DateError(_("La fecha «%(t)s» no existe.") % {"t": text}) from None
