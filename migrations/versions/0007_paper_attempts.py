"""quiz attempts answered on paper: marked, with who entered them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_paper', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_quiz_attempt_entered_by_id_user'), 'user', ['entered_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quiz_attempt_entered_by_id_user'), type_='foreignkey')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('on_paper')
