"""The demo cohort, modelled on the ITC-ILO distance course for workers' organisations of Latin
America and the Caribbean (14 August to 8 September 2023). People are fictitious; the live
session's guests are named by their roles."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.auth import service as auth_service
from lms.cohorts import service
from lms.content import Catalogue
from lms.extensions import db
from lms.models import (
    Announcement,
    Attendance,
    Cohort,
    Enrolment,
    LessonProgress,
    LiveSession,
    ModuleCompletion,
    QuizAttempt,
    User,
)
from lms.quiz.grading import grade

NAME = "Curso a distancia sobre la ESS para organizaciones de trabajadores de América Latina"
ZONE = ZoneInfo("America/Bogota")
STARTS, ENDS = date(2023, 8, 14), date(2023, 9, 8)
OPENINGS = (date(2023, 8, 14), date(2023, 8, 21), date(2023, 8, 28), date(2023, 9, 4))

# name | email before @example.org | country | institution | modules completed | lessons of the next
LEARNERS_TABLE = """
Valentina Rojas | valentina.rojas | CL | Central sindical nacional | 4 | 0
Mateo Fernández | mateo.fernandez | AR | Federación de trabajadores rurales | 4 | 0
Camila Torres | camila.torres | CO | Sindicato de trabajadoras domésticas | 3 | 3
Santiago Gómez | santiago.gomez | EC | Cooperativa de trabajo asociado | 3 | 1
Lucía Mendoza | lucia.mendoza | PE | Confederación de trabajadores | 2 | 4
Diego Herrera | diego.herrera | MX | Sindicato de la industria textil | 2 | 2
Isabela Souza | isabela.souza | BR | Central de trabalhadores | 2 | 0
Andrés Castillo | andres.castillo | GT | Federación sindical | 1 | 5
María José Pérez | mariajose.perez | DO | Central de trabajadores | 1 | 3
Javier Morales | javier.morales | HN | Sindicato de trabajadores agrícolas | 1 | 2
Gabriela Ruiz | gabriela.ruiz | CR | Asociación de trabajadores | 1 | 1
Felipe Vargas | felipe.vargas | UY | Central sindical | 1 | 0
Daniela Flores | daniela.flores | BO | Confederación de trabajadores | 0 | 5
Sebastián Ramírez | sebastian.ramirez | PY | Central de trabajadores | 0 | 4
Ana Lucía Ortiz | analucia.ortiz | SV | Sindicato de vendedores | 0 | 3
Tomás Silva | tomas.silva | CL | Sindicato de la construcción | 0 | 2
Paula Jiménez | paula.jimenez | PA | Federación de trabajadores | 0 | 2
Ricardo Núñez | ricardo.nunez | NI | Central sindical | 0 | 1
Carolina Medina | carolina.medina | CO | Cooperativa de recicladores | 0 | 1
Joaquín Romero | joaquin.romero | AR | Sindicato de trabajadores de la salud | 0 | 0
Fernanda Lima | fernanda.lima | BR | Cooperativa de catadores | 0 | 0
Miguel Aguilar | miguel.aguilar | MX | Federación de cooperativas | 0 | 0
Sofía Cabrera | sofia.cabrera | VE | Central de trabajadores | 0 | 0
Luis Paredes | luis.paredes | PE | Sindicato de trabajadores mineros | 0 | 0
Renata Salazar | renata.salazar | EC | Asociación de trabajadoras autónomas | 0 | 0
"""
LEARNERS = [
    (name, f"{user}@example.org", country, institution, int(done), int(lessons))
    for name, user, country, institution, done, lessons in (
        [cell.strip() for cell in line.split("|")] for line in LEARNERS_TABLE.strip().splitlines()
    )
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), ZONE).astimezone(UTC)


def load_demo_cohort(catalogue: Catalogue, facilitator: User, extra_learners=()) -> Cohort | None:
    """Create the demo cohort once; None when it exists already."""
    if db.session.scalar(select(Cohort.id).where(Cohort.name == NAME)) is not None:
        return None
    modules = [module for module in catalogue.modules if module.is_available]
    cohort = service.create_cohort(
        name=NAME,
        description=(
            "Cuatro semanas, un módulo por semana, y una sesión en vivo con dos invitadas "
            "sobre la resolución de 2022 y el papel de las organizaciones de trabajadores."
        ),
        target_group="Representantes de organizaciones de trabajadores",
        region="América Latina y el Caribe",
        language="es",
        starts_on=STARTS,
        ends_on=ENDS,
        timezone="America/Bogota",
        published=True,
        attendance_required=0.5,
        modules=[
            service.ModulePlan(module.slug, OPENINGS[index] if index < len(OPENINGS) else None)
            for index, module in enumerate(modules)
        ],
        facilitators=[facilitator],
    )
    service.open_self_enrolment(cohort)
    live = LiveSession(
        cohort_id=cohort.id,
        title="Sesión en vivo: la resolución de 2022 y las organizaciones de trabajadores",
        starts_at=_at(date(2023, 8, 31), 10),
        duration_minutes=120,
        join_url="https://meet.example.org/ess-2023",
        speakers=(
            "Representante del Grupo de los Trabajadores (oficina de Ginebra de una "
            "confederación sindical internacional)\n"
            "Responsable de la unidad de cooperativas de la OIT"
        ),
        description=(
            "Valores y principios de la ESS, diferencias con los sectores público y privado, "
            "derechos de quienes trabajan en entidades de la ESS y cómo combatir las falsas "
            "entidades de la ESS."
        ),
    )
    db.session.add(live)
    for day, body in (
        (date(2023, 8, 14), "¡Bienvenidas y bienvenidos! El módulo 1 ya está abierto."),
        (
            date(2023, 8, 28),
            "Recordatorio: la sesión en vivo es el jueves 31 de agosto a las 10:00 "
            "(hora de Bogotá).",
        ),
    ):
        note = Announcement(cohort_id=cohort.id, author_id=facilitator.id, body=body)
        note.created_at = _at(day, 9)
        db.session.add(note)
    db.session.flush()
    for index, (name, email, country, institution, done, lessons) in enumerate(LEARNERS):
        user = auth_service.find_user_by_email(email) or auth_service.create_user(
            email, name, None, locale="es"
        )
        user.country, user.institution = country, institution
        db.session.flush()
        service.enrol(cohort.id, user.id)
        _enrolled_on(cohort, user, STARTS - timedelta(days=14 - index % 14))
        _progress(user, modules, done, lessons, seed=index)
        if index % 3 != 2:
            db.session.add(Attendance(session_id=live.id, user_id=user.id))
    for user in extra_learners:
        service.enrol(cohort.id, user.id)
        _enrolled_on(cohort, user, STARTS - timedelta(days=1))
    return cohort


def _enrolled_on(cohort: Cohort, user: User, day: date) -> None:
    """Date the enrolment in the fortnight before the 2023 start, as the learners' completions
    are: not today, which would put it after everything they did."""
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id)
    )
    assert enrolment is not None
    enrolment.enrolled_at = enrolment.accepted_at = _at(day, 10)


def _progress(user: User, modules, done: int, lessons: int, seed: int) -> None:
    """Completed modules (with a failed first attempt for some), then lessons of the next one."""
    for number, module in enumerate(modules[: done + 1]):
        day = OPENINGS[min(number, len(OPENINGS) - 1)] + timedelta(days=1 + seed % 4)
        count = len(module.lesson_ids) if number < done else min(lessons, len(module.lesson_ids))
        for position, lesson_id in enumerate(module.lesson_ids[:count]):
            row = LessonProgress(user_id=user.id, module_slug=module.slug, lesson_id=lesson_id)
            row.completed_at = _at(day, 9 + position)
            db.session.add(row)
        if number >= done:
            break
        questions = module.quiz_key.questions
        tries = [len(questions) // 2, len(questions)] if seed % 2 else [len(questions)]
        for attempt_number, right in enumerate(tries, start=1):
            result = grade(module.quiz_key, _answers(questions, right))
            db.session.add(
                QuizAttempt(
                    user_id=user.id,
                    module_slug=module.slug,
                    number=attempt_number,
                    token=f"demo-{user.id}-{module.slug}-{attempt_number}"[:64],
                    language="es",
                    percent=result.percent,
                    points=result.points,
                    max_points=result.max_points,
                    passed=result.percent >= module.pass_mark,
                    answers={
                        r.question_id: {"selected": list(r.selected), "points": r.points}
                        for r in result.questions
                    },
                    submitted_at=_at(day + timedelta(days=1), 18 + attempt_number),
                )
            )
        completion = ModuleCompletion(user_id=user.id, module_slug=module.slug)
        completion.completed_at = _at(day + timedelta(days=1), 20)
        db.session.add(completion)


def _answers(questions, right: int) -> dict[str, list[str]]:
    """The first `right` questions answered correctly, the others with a wrong option."""
    answers = {}
    for index, question in enumerate(questions):
        wrong = [option for option in question.options if option not in question.correct]
        answers[question.id] = sorted(question.correct) if index < right else wrong[:1]
    return answers
