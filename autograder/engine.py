"""Run an assembled submission in the sandbox and decide each task in this process.

For each test cell: its visible part runs in the sandbox (reported to the student, never
counted); the task's static rules are checked on the submitted source
(:mod:`autograder.static`); then its hidden checks run *here*, calling the submission only
through :class:`autograder.student.RemoteStudent`. A task scores its points exactly when
its rules hold and its hidden checks pass. Tasks checked before a crash, timeout or kill
keep their result. ``grade`` and ``validate`` both decide through :func:`run_steps`.
"""

import threading
from pathlib import Path

from autograder.assemble import Assembly, Step
from autograder.results import Execution, TaskResult
from autograder.rules import Rules
from autograder.sandbox import Limits, Sandbox, SandboxDied
from autograder.static import violations
from autograder.student import (
    RemoteStudent,
    StudentError,
    reset,
    safe_ename,
    use_remote_student,
)
from autograder.text import safe_text


def first_line(text: str, limit: int = 240) -> str:
    lines = safe_text(text).strip().splitlines()
    return safe_text(lines[0] if lines else "", limit)


def run_hidden(step: Step, setup: dict, student: RemoteStudent) -> tuple[bool, str]:
    """Run one test cell's hidden checks in this process: (passed, message)."""
    namespace = dict(setup)
    token = use_remote_student(student)
    try:
        exec(compile(step.hidden, f"<hidden checks of {step.grade_id}>", "exec"), namespace)
    except StudentError as err:  # the submission failed to answer a call: say which
        return False, first_line(err)
    except AssertionError as err:  # a check failed; its message is the instructor's words
        message = first_line(err)
        return False, f"A hidden check failed: {message}" if message else "A hidden check failed."
    except SandboxDied:
        raise
    except Exception as err:  # the returned value did not fit what the check expects
        return False, (
            "A hidden check could not use what your function returned "
            f"({type(err).__name__}); check its return type and shape."
        )
    finally:
        reset(token)
    return True, "All checks passed."


SETUP_LOCK = threading.Lock()


def trusted_namespace(assembly: Assembly) -> dict:
    """The instructor's locked setup cells (imports, constants), run here for the checks."""
    namespace: dict = {"__name__": "__hidden__"}
    with SETUP_LOCK:  # parallel jobs are threads: imports and the install cell, one at a time
        for source in assembly.trusted_setup:
            exec(compile(source, "<instructor setup>", "exec"), namespace)
    return namespace


def visible_status(reply: dict) -> str:
    if reply.get("status") == "ok":
        return "passed"
    if reply.get("ename") == "NotImplementedError":
        return "not attempted"
    return f"failed ({safe_ename(reply.get('ename'))})"  # builtin names only: item 3


def decide(step: Step, reply: dict, setup: dict, student, rules: Rules, code) -> TaskResult:
    """One task's verdict: rules on the source (``code``: the instructor's setup cells, for
    their imports, and the student's cells) first, then the hidden checks."""
    trusted, own = code
    broken = violations(own, rules.get(step.grade_id), trusted)
    if broken:
        message = "Not allowed: " + "; ".join(broken[:3]) + ". The task scores zero."
        passed = False
    else:
        passed, message = run_hidden(step, setup, student)
    score = step.points if passed else 0.0
    return TaskResult(step.grade_id, step.points, score, visible_status(reply), message)


def run_steps(box: Sandbox, assembly: Assembly, seed: int, rules: Rules) -> Execution:
    """Run every step in ``box``; check every test cell; never raise for the submission."""
    result = Execution()
    setup = trusted_namespace(assembly)
    student = RemoteStudent(box, assembly.student_code, seed)
    code = (assembly.trusted_setup, assembly.student_code)
    for index, step in enumerate(assembly.steps, start=1):
        if result.stopped:
            if step.is_test:
                result.tasks.append(not_run(step, result.stopped))
            continue
        try:
            reply = box.run_cell(step.source)
            result.cells.append(reply)
            if step.is_test:
                result.tasks.append(decide(step, reply, setup, student, rules, code))
        except SandboxDied as died:
            result.stopped = f"Your notebook stopped at code cell {index}: {died}."
            result.cells.append({"status": "error", "ename": "Stopped", "evalue": str(died)})
            if step.is_test and step.grade_id not in {t.grade_id for t in result.tasks}:
                result.tasks.append(not_run(step, result.stopped))
    return result


def execute(
    assembly: Assembly, submission: Path, limits: Limits, isolate: bool, seed: int, rules: Rules
) -> Execution:
    """Start a sandbox for one submission and run it. A runner that cannot start, before any
    of the submission's code ran, is reported with ``startup_failed`` (the grader's fault)."""
    try:
        with Sandbox(submission, limits, isolate=isolate) as box:
            return run_steps(box, assembly, seed, rules)
    except SandboxDied as died:
        return Execution(stopped=f"the sandbox did not start: {died}", startup_failed=True)


def not_run(step: Step, why: str) -> TaskResult:
    return TaskResult(step.grade_id, step.points, 0.0, "not run", f"Not graded. {why}")
