"""The result types of grading and validation, in one place."""

from dataclasses import dataclass, field


@dataclass
class TaskResult:
    grade_id: str
    points: float
    score: float
    visible: str  # "passed", "failed (Error)", "not attempted" or "not run"
    message: str


@dataclass
class Execution:
    tasks: list[TaskResult] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)  # per step: status and captured output
    stopped: str = ""  # why the notebook's process ended early, if it did
    startup_failed: bool = False  # the sandbox never started: the grader's fault, not theirs


@dataclass
class GradeResult:
    student: str
    assignment: str
    file: str
    # "graded" (the submission's result, whatever it did), "rejected" (not a usable
    # submission, recorded as zero) or "error" (the grader's own fault: gradebook untouched,
    # the student marked for regrading)
    status: str
    score: float = 0.0
    max_score: float = 0.0
    message: str = ""
    notices: list[str] = field(default_factory=list)
    tasks: list[TaskResult] = field(default_factory=list)
    feedback: str = ""
    run: str = ""  # the batch run that recorded it (autograder.batch: what a resume skips)
    resumed: bool = False  # recorded by an interrupted run of the same batch, not graded again


@dataclass(frozen=True)
class CaseResult:
    """One validation case (reference, stub or known-wrong variant) and its verdict."""

    name: str
    target: str | None
    score: float
    max_score: float
    failed: tuple[str, ...]
    ok: bool
    verdict: str
