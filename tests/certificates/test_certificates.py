"""Certificates: a PDF in the learner's language and script, a code anyone can verify."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from lms.certificates import service as certificate_service
from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import Certificate, ModuleCompletion
from lms.quiz import service as quiz_service
from tests.conftest import log_in

NAMES = {"ar": "أمل الحسيني", "ko": "김민지", "ru": "Ольга Смирнова", "es": "Lucía Fernández"}


def complete_module(user, module) -> None:
    for lesson_id in module.lesson_ids:
        learn_service.mark_lesson_complete(user.id, module, lesson_id)
    answers = {q.id: sorted(q.correct) for q in module.quiz_key.questions}
    quiz_service.submit_attempt(user.id, module, answers, quiz_service.new_token(), "en")
    db.session.commit()


def download(client, module) -> tuple[str, bytes]:
    issued = client.post(f"/certificates/module/{module.slug}")
    assert issued.status_code == 302, issued.status_code
    url = issued.headers["Location"]
    response = client.get(url)
    assert response.mimetype == "application/pdf"
    return url, response.data


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_text(data: bytes) -> str:
    page = PdfReader(io.BytesIO(data)).pages[0]
    [image] = page.images
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    return barcode.text


def test_no_certificate_before_the_module_is_completed(learner_client, module1):
    response = learner_client.post(f"/certificates/module/{module1.slug}")
    assert response.headers["Location"] == f"/modules/{module1.slug}"
    assert db.session.scalar(select(Certificate)) is None


@pytest.mark.parametrize("language", ["ar", "ko", "ru"])
def test_a_certificate_in_every_script(client, make_user, module1, language):
    learner = make_user(name=NAMES[language], locale=language)
    complete_module(learner, module1)
    log_in(client, learner.email)
    url, data = download(client, module1)
    text = pdf_text(data)
    # Every letter of the name, Arabic joined and in logical order, comes back out of the PDF.
    assert NAMES[language] in text
    assert module1.title(language if language in module1.titles else "en") in text.replace(
        "\n", " "
    )
    code = re.search(r"certificate-(\w+)\.pdf", client.get(url).headers["Content-Disposition"])
    verify_url = qr_text(data)
    assert verify_url.endswith(f"/verify/{code.group(1)}")
    assert verify_url.startswith("http")


def test_downloading_again_gives_the_same_code(learner_client, learner, module1):
    complete_module(learner, module1)
    first, _data = download(learner_client, module1)
    second, _data = download(learner_client, module1)
    assert first == second
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_the_public_verification_page(client, learner, module1, make_user):
    complete_module(learner, module1)
    certificate = certificate_service.module_certificate(learner, module1)
    db.session.commit()
    page = client.get(f"/verify/{certificate.code}").data.decode()
    assert "Valid" in page
    assert learner.name in page
    assert module1.title("en") in page
    assert learner.email not in page  # nothing else about the learner
    assert client.get("/verify/not-a-code").status_code == 404


def test_an_admin_revokes_a_certificate(client, learner, module1, make_user):
    complete_module(learner, module1)
    certificate = certificate_service.module_certificate(learner, module1)
    db.session.commit()
    admin = make_user(role="admin")
    log_in(client, admin.email)
    assert certificate.code in client.get("/admin/certificates").data.decode()
    client.post(f"/admin/certificates/{certificate.code}/revoke")
    page = client.get(f"/verify/{certificate.code}").data.decode()
    assert "Revoked" in page and "no longer valid" in page


def test_only_the_owner_their_facilitators_and_admins_download(
    client, learner, module1, make_user, make_cohort
):
    facilitator = make_user(role="facilitator")
    cohort = make_cohort(facilitator)
    cohort_service.enrol(cohort.id, learner.id)
    complete_module(learner, module1)
    certificate = certificate_service.module_certificate(learner, module1)
    db.session.commit()
    assert certificate.cohort_id == cohort.id
    stranger = make_user()
    log_in(client, stranger.email)
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 404
    client.post("/logout")
    log_in(client, facilitator.email)
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 200


def test_a_course_certificate_needs_the_whole_course(client, learner, module1, make_cohort):
    cohort = make_cohort(slugs=(module1.slug,))
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    log_in(client, learner.email)
    refused = client.post(f"/certificates/course/{cohort.id}")
    assert refused.headers["Location"] == f"/my/cohorts/{cohort.id}"
    complete_module(learner, module1)
    assert db.session.scalar(select(ModuleCompletion.user_id)) == learner.id
    issued = client.post(f"/certificates/course/{cohort.id}")
    data = client.get(issued.headers["Location"]).data
    assert cohort.name in pdf_text(data).replace("\n", " ")


def test_a_long_name_fits_above_the_code_and_the_qr_code(app):
    from datetime import date

    from lms.certificates.pdf import BLOCK_BOTTOM, SCALES, _draw, close_fonts

    name = "W" * 120  # the widest letter, as many as a name may have
    title = "Follow-up to the resolution concerning decent work and the SSE"
    cohort = "Distance course on the SSE for workers' organisations of Latin America"
    with app.test_request_context():
        for scale in SCALES:
            _pdf, bottom = _draw(name, "course", title, cohort,
                                 date(2023, 9, 8), "code", "https://x", "en", scale)  # fmt: skip
            close_fonts(_pdf)
            if bottom <= BLOCK_BOTTOM:
                break
    assert bottom <= BLOCK_BOTTOM
    assert scale < 1  # the full size would not have fitted


def test_a_name_with_characters_no_font_can_print_is_refused_where_it_is_typed(
    learner_client, learner, module1
):
    page = learner_client.post(
        "/account", data={"name": "Amina 🙂", "locale": "en", "timezone": "UTC"}
    ).data.decode()
    assert "These characters cannot be printed on a certificate: 🙂" in page
    learner.name = "Amina 🙂"  # stored before names were checked
    db.session.commit()
    complete_module(learner, module1)
    response = learner_client.post(f"/certificates/module/{module1.slug}")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert db.session.scalar(select(Certificate)) is None


def test_a_revoked_certificate_is_no_longer_downloaded(learner_client, learner, module1):
    complete_module(learner, module1)
    certificate = certificate_service.module_certificate(learner, module1)
    certificate_service.revoke(certificate)
    db.session.commit()
    response = learner_client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 410
    assert "This certificate was revoked" in response.data.decode()
