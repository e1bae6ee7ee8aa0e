"""Execute an assembled submission in the sandbox and decide each task in this process.

For each test cell: its visible part runs in the sandbox (reported to the student, never
counted), then its hidden checks run *here*, calling the submission only through
:class:`autograder.remote.RemoteStudent`. A task scores its points exactly when its
hidden checks pass. Tasks checked before a crash, timeout or kill keep their result.
"""

from dataclasses import dataclass, field
from pathlib import Path

from autograder.assemble import Assembly, Step
from autograder.hidden import StudentError, reset, use_remote_student
from autograder.remote import RemoteStudent
from autograder.sandbox import Limits, Sandbox, SandboxDied


@dataclass
class TaskResult:
    grade_id: str
    points: float
    score: float
    visible: str  # "passed", "failed (Error)" or "not run"
    message: str


@dataclass
class Execution:
    tasks: list[TaskResult] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)  # per step: status and captured output
    stopped: str = ""  # why the notebook's process ended early, if it did


def first_line(text: str, limit: int = 240) -> str:
    lines = str(text).strip().splitlines()
    line = lines[0] if lines else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


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


def trusted_namespace(assembly: Assembly) -> dict:
    """The instructor's locked setup cells (imports, constants), run here for the checks."""
    namespace: dict = {"__name__": "__hidden__"}
    for source in assembly.trusted_setup:
        exec(compile(source, "<instructor setup>", "exec"), namespace)
    return namespace


def visible_status(reply: dict) -> str:
    if reply.get("status") == "ok":
        return "passed"
    if reply.get("ename") == "NotImplementedError":
        return "not attempted"
    return f"failed ({str(reply.get('ename', 'an error'))[:60]})"


def execute(assembly: Assembly, submission: Path, limits: Limits, isolate: bool) -> Execution:
    """Run every step; check every test cell; never raise for what the submission does."""
    result = Execution()
    setup = trusted_namespace(assembly)
    with Sandbox(submission, limits, isolate=isolate) as box:
        student = RemoteStudent(box, assembly.student_code)
        for index, step in enumerate(assembly.steps, start=1):
            if result.stopped:
                if step.is_test:
                    result.tasks.append(not_run(step, result.stopped))
                continue
            try:
                reply = box.run_cell(step.source)
                result.cells.append(reply)
                if step.is_test:
                    passed, message = run_hidden(step, setup, student)
                    score = step.points if passed else 0.0
                    result.tasks.append(
                        TaskResult(
                            step.grade_id, step.points, score, visible_status(reply), message
                        )
                    )
            except SandboxDied as died:
                result.stopped = f"Your notebook stopped at code cell {index}: {died}."
                result.cells.append({"status": "error", "ename": "Stopped", "evalue": str(died)})
                if step.is_test and step.grade_id not in {t.grade_id for t in result.tasks}:
                    result.tasks.append(not_run(step, result.stopped))
    return result


def not_run(step: Step, why: str) -> TaskResult:
    return TaskResult(step.grade_id, step.points, 0.0, "not run", f"Not graded. {why}")
