"""background jobs: a mail outbox and files prepared for download

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa

import lms.models.base

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', lms.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', lms.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    op.create_table('prepared_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('created_at', lms.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', lms.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_prepared_file_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by'], ['user.id'], name=op.f('fk_prepared_file_requested_by_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prepared_file')),
    sa.UniqueConstraint('token', name=op.f('uq_prepared_file_token'))
    )
    with op.batch_alter_table('prepared_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prepared_file_cohort_id'), ['cohort_id'], unique=False)


def downgrade():
    with op.batch_alter_table('prepared_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prepared_file_cohort_id'))
    op.drop_table('prepared_file')
    op.drop_table('outbox')
