"""records version: a number on each account that every change to what its pages show raises

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Triggers raise user.records_version whenever a row about the person changes (lessons, module
completions, quiz attempts, certificates, enrolments, attendance) or a row about one of their
cohorts does (the cohort, its module openings, live sessions, announcements, facilitators). The
pages answered again from memory (lms.core.replay) hold while it stays the same. Triggers and not
application code, so that no writer (a view, a job, the command line, an import) can forget it.

On SQLite a later migration that rebuilds one of these tables (batch mode) drops its triggers:
such a migration must create them again (see create_triggers).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Table -> the column naming the person it is about.
ABOUT_A_PERSON = {
    'lesson_progress': 'user_id',
    'module_completion': 'user_id',
    'quiz_attempt': 'user_id',
    'certificate': 'user_id',
    'enrolment': 'user_id',
    'attendance': 'user_id',
}
# Table -> the column naming the cohort it is about: every member of that cohort is concerned.
ABOUT_A_COHORT = {
    'cohort': 'id',
    'cohort_module': 'cohort_id',
    'live_session': 'cohort_id',
    'announcement': 'cohort_id',
    'cohort_facilitator': 'cohort_id',
}
RAISE = 'UPDATE "user" SET records_version = records_version + 1 WHERE id IN ({people})'
MEMBERS = 'SELECT user_id FROM enrolment WHERE cohort_id IN ({cohorts})'

POSTGRESQL_FUNCTION = """
CREATE FUNCTION lms_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids integer[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN ids := ids || (to_jsonb(NEW) ->> TG_ARGV[1])::integer; END IF;
    IF TG_OP <> 'INSERT' THEN ids := ids || (to_jsonb(OLD) ->> TG_ARGV[1])::integer; END IF;
    IF TG_ARGV[0] = 'cohort' THEN
        ids := ARRAY(SELECT user_id FROM enrolment WHERE cohort_id = ANY(ids));
    END IF;
    -- Rows locked in one order, so two transactions raising the same people never deadlock.
    PERFORM 1 FROM "user" WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE "user" SET records_version = records_version + 1 WHERE id = ANY(ids);
    RETURN NULL;
END $$
"""


def _tables():
    for table, column in ABOUT_A_PERSON.items():
        yield table, column, 'person'
    for table, column in ABOUT_A_COHORT.items():
        yield table, column, 'cohort'


def _sqlite_triggers(table, column, kind):
    rows = {'INSERT': ('NEW',), 'UPDATE': ('NEW', 'OLD'), 'DELETE': ('OLD',)}
    for event, names in rows.items():
        values = ', '.join(f'{name}.{column}' for name in names)
        people = values if kind == 'person' else MEMBERS.format(cohorts=values)
        yield (
            f'CREATE TRIGGER {table}_records_{event.lower()} AFTER {event} ON {table} '
            f'BEGIN {RAISE.format(people=people)}; END'
        )


def create_triggers(dialect):
    if dialect == 'postgresql':
        op.execute(POSTGRESQL_FUNCTION)
    for table, column, kind in _tables():
        if dialect == 'postgresql':
            op.execute(
                f'CREATE TRIGGER {table}_records AFTER INSERT OR UPDATE OR DELETE ON {table} '
                f"FOR EACH ROW EXECUTE FUNCTION lms_records_changed('{kind}', '{column}')"
            )
        else:
            for statement in _sqlite_triggers(table, column, kind):
                op.execute(statement)


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('records_version', sa.Integer(), server_default='0', nullable=False))
    create_triggers(op.get_bind().dialect.name)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table, _column, _kind in _tables():
        if dialect == 'postgresql':
            op.execute(f'DROP TRIGGER {table}_records ON {table}')
        else:
            for event in ('insert', 'update', 'delete'):
                op.execute(f'DROP TRIGGER {table}_records_{event}')
    if dialect == 'postgresql':
        op.execute('DROP FUNCTION lms_records_changed()')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('records_version')
