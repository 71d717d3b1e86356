"""accounts without a password until set, session versions, enrolment invitations, CSV uploads

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa

import lms.models.base

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=True)
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', lms.models.base.UTCDateTime(timezone=True), nullable=True))
    # Every enrolment so far counts as accepted: nothing changes for existing cohorts.
    op.execute("UPDATE enrolment SET accepted_at = enrolled_at")

    op.create_table('csv_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', lms.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('imported_at', lms.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_csv_upload_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['user.id'], name=op.f('fk_csv_upload_uploaded_by_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csv_upload')),
    sa.UniqueConstraint('key', name=op.f('uq_csv_upload_key'))
    )


def downgrade():
    op.drop_table('csv_upload')
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_column('accepted_at')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=False)
