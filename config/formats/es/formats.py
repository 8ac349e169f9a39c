"""Django's localisation in Spanish (31/03/2026, 4.155.036, 22,98): a thin use of
plan.formatting, the one formatting system, so forms and the admin print what the pages do."""

from plan import formatting

DECIMAL_SEPARATOR, THOUSAND_SEPARATOR = formatting.SEPARATORS["es"]
NUMBER_GROUPING = formatting.GROUPING
DATE_FORMAT = SHORT_DATE_FORMAT = formatting.DATE_FORMAT
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = formatting.DATETIME_FORMAT
DATE_INPUT_FORMATS = formatting.DATE_INPUT_FORMATS
