"""Words for the import outcomes that the service reports as codes."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext, ngettext

from lms.cohorts import importing
from lms.i18n import lazy_number

IMPORT_OUTCOMES = {
    importing.NEW: _l("New account"),
    importing.EXISTING: _l("Existing account, will be enrolled"),
    importing.ALREADY: _l("Already enrolled"),
    importing.ERROR: _l("Error"),
}
IMPORT_REASONS = {
    importing.INVALID_EMAIL: _l("The email address is not valid."),
    importing.DUPLICATE: _l("This email address is already on an earlier row of the file."),
    importing.UNKNOWN_LANGUAGE: _l("Unknown language code."),
    importing.MISSING_COLUMN: _l("This row has fewer columns than the header."),
    importing.BAD_COUNTRY: _l("The country must be a two-letter code, such as CO."),
    importing.CONTROL_CHARACTERS: _l("This row holds characters that are not text."),
    importing.UNPRINTABLE_NAME: _l(
        "The name holds characters that cannot be printed on a certificate, such as emoji."
    ),
    importing.TOO_LONG: lazy_ngettext(
        "A value of this row is too long (a name has at most %(num)d character, an institution "
        "%(institution)d).",
        "A value of this row is too long (a name has at most %(num)d characters, an institution "
        "%(institution)d).",
        importing.MAX_LENGTHS["lastname"],
        institution=importing.MAX_LENGTHS["institution"],
    ),
}
IMPORT_PROBLEMS = {
    importing.NOT_UTF8: _l(
        "The file is not in UTF-8. Please save it as “CSV UTF-8” and try again."
    ),
    importing.NO_EMAIL_COLUMN: _l("The file has no “email” column in its first row."),
    importing.EMPTY_FILE: _l("The file is empty."),
    importing.TOO_MANY_ROWS: _l(
        "The file has too many rows (at most %(count)s).", count=lazy_number(importing.MAX_ROWS)
    ),
    importing.MALFORMED: _l(
        "The file could not be read as CSV: a cell is far too long, or a quote is not closed. "
        "Please save it again as “CSV UTF-8” and try again."
    ),
}

# A cohort's status (service.status), as the overview shows it.
COHORT_STATUSES = {
    "draft": _l("Draft"),
    "open": _l("Open for enrolment"),
    "running": _l("Running"),
    "finished": _l("Finished"),
}


def import_counts(plan: importing.ImportPlan) -> list[str]:
    """What an import plan will do, one count per outcome, as the preview says it."""
    return [
        ngettext("%(num)d new account", "%(num)d new accounts", plan.count(importing.NEW)),
        ngettext(
            "%(num)d existing account to enrol",
            "%(num)d existing accounts to enrol",
            plan.count(importing.EXISTING),
        ),
        ngettext(
            "%(num)d already enrolled", "%(num)d already enrolled", plan.count(importing.ALREADY)
        ),
        ngettext(
            "%(num)d row with an error, which will be skipped",
            "%(num)d rows with an error, which will be skipped",
            plan.count(importing.ERROR),
        ),
    ]


LINK_ON_ITS_WAY = _l("The link is also on its way to %(email)s by email.")
