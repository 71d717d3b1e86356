"""A certificate as a PDF document, the same whoever asks for it: its holder, a facilitator, or a
batch for a whole cohort."""

from __future__ import annotations

from lms.certificates import pdf
from lms.core.catalogue import current_catalogue
from lms.core.urls import public_url
from lms.extensions import db
from lms.models import Certificate, Cohort


def titles(certificate: Certificate, language: str) -> tuple[str, str, str | None]:
    """(what was completed: "module" or "course", its title, the cohort's name), in `language`
    where content allows."""
    cohort = db.session.get(Cohort, certificate.cohort_id) if certificate.cohort_id else None
    if certificate.module_slug:
        module = current_catalogue().get(certificate.module_slug)
        title = module.title(language) if module else certificate.module_slug
        return "module", title, cohort.name if cohort else None
    return "course", cohort.name if cohort else "", None


def document(certificate: Certificate, language: str) -> bytes:
    """The PDF, its words in the current interface language (the caller sets it)."""
    kind, title, cohort_name = titles(certificate, language)
    return pdf.certificate_pdf(
        name=certificate.name,
        kind=kind,
        subject_title=title,
        cohort_name=cohort_name,
        completed_on=certificate.completed_at,
        code=certificate.code,
        verify_url=public_url("certificates.verify", code=certificate.code),
        language=language,
    )


def filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.code}.pdf"
