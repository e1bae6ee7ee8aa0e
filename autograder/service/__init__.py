"""The submission service (``autograder serve``, ``make serve``): one process that serves the
built book and a web app where students submit their exercise notebooks and read their
feedback, graded by the autograder's own pipeline (:func:`autograder.grade.grade_one`).

- :mod:`.config`: every setting, from the environment, with its default;
- :mod:`.models`: the service's tables (accounts, hashed tokens, submissions) on SQLAlchemy;
- :mod:`.accounts`: the roster, issuing and revoking tokens, signing in;
- :mod:`.admission`: checking an upload and storing it before it is accepted;
- :mod:`.workers`: the grading workers (the submissions table is the durable queue);
- :mod:`.web`, :mod:`.student_pages`, :mod:`.instructor_pages`: the FastAPI app;
- :mod:`.server`: uvicorn on one port, printed at start; :mod:`.cli`: the ``serve`` verbs.
"""
