"""What learners have done, in one place: the layer below learn, quiz, cohorts, reports and
certificates. It depends only on the models and the content catalogue.

- enrolment: who is enrolled in a cohort now (one definition), a learner's cohorts
- results: each learner's result per module, from one set-based query, for one learner, a page of
  learners or a whole cohort streamed; only a module's current lesson ids count
- status: module status, course completion, on track, and their labels
- opening: which modules a learner's cohorts have not opened yet, enforced by the services
- orphans: recorded ids that the content no longer knows
"""
