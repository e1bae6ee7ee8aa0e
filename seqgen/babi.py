"""bAbI-style stories generated in code (Weston et al. 2015, tasks 1 and 2).

Task 1, *single supporting fact*: people move between places; "where is mary?" is
answered by the last sentence that moved Mary. Task 2, *two supporting facts*: people
also pick up and drop objects; "where is the football?" needs the sentence in which
someone took (or dropped) the football **and** the sentence that put that person where
they are. The vocabulary, sentence forms and question forms follow the bAbI tasks; the
stories are simulated here, so any number can be drawn and none is downloaded.

An example is a story (the sentences before the question), a question, the answer word
and the indices of its supporting sentences. :func:`encode` turns examples into tensors
with the **most recent sentence first**, so memory slot 0 is always "just happened":
that is what the temporal encoding of a memory network learns from.
"""

from dataclasses import dataclass

import numpy as np
import torch

from seqgen.seed import effective_seed

ACTORS = ("mary", "john", "daniel", "sandra")
PLACES = ("bathroom", "hallway", "garden", "office", "bedroom", "kitchen")
OBJECTS = ("football", "apple", "milk")
MOVES = ("moved to the", "went to the", "journeyed to the", "travelled to the", "went back to the")
TAKES = ("picked up the", "got the", "grabbed the", "took the")
DROPS = ("dropped the", "discarded the", "put down the", "left the")
PAD = "<pad>"


@dataclass
class Example:
    """One question about a story; ``support`` indexes ``story`` (oldest sentence is 0)."""

    story: list[str]
    question: str
    answer: str
    support: list[int]


def vocabulary() -> list[str]:
    """Every word the generator can write, padding first (index 0)."""
    phrases = [*ACTORS, *PLACES, *OBJECTS, *MOVES, *TAKES, *DROPS, "where is the"]
    words = sorted({w for phrase in phrases for w in phrase.split()})
    return [PAD, *words]


class _World:
    """The state a story has told so far: where people are, who holds what."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.place: dict[str, tuple[str, int]] = {}  # actor -> (place, sentence that said so)
        self.holder: dict[str, tuple[str, int]] = {}  # object -> (actor, sentence)
        self.dropped: dict[str, tuple[str, list[int]]] = {}  # object -> (place, support)
        self.sentences: list[str] = []

    def say(self, text: str) -> int:
        self.sentences.append(text)
        return len(self.sentences) - 1

    def move(self) -> None:
        actor, place = str(self.rng.choice(ACTORS)), str(self.rng.choice(PLACES))
        verb = self.rng.choice(MOVES)
        self.place[actor] = (place, self.say(f"{actor} {verb} {place}"))

    def take(self) -> bool:
        free = [o for o in OBJECTS if o not in self.holder]
        if not self.place or not free:
            return False
        actor, obj = self.rng.choice(sorted(self.place)), self.rng.choice(free)
        self.holder[obj] = (actor, self.say(f"{actor} {self.rng.choice(TAKES)} {obj}"))
        self.dropped.pop(obj, None)
        return True

    def drop(self) -> bool:
        if not self.holder:
            return False
        obj = self.rng.choice(sorted(self.holder))
        actor, took = self.holder.pop(obj)
        place, moved = self.place[actor]
        said = self.say(f"{actor} {self.rng.choice(DROPS)} {obj}")
        self.dropped[obj] = (place, sorted({moved, said}))
        return True

    def where_is_object(self, obj: str) -> tuple[str, list[int]]:
        if obj in self.dropped:
            return self.dropped[obj]
        actor, took = self.holder[obj]
        place, moved = self.place[actor]
        return place, sorted({took, moved})


def single_supporting_fact(rng: np.random.Generator, max_sentences: int = 10) -> Example:
    """A task-1 story of 2..``max_sentences`` moves and a question about one mover."""
    world = _World(rng)
    for _ in range(rng.integers(2, max_sentences + 1)):
        world.move()
    actor = str(rng.choice(sorted(world.place)))
    place, said = world.place[actor]
    return Example(world.sentences, f"where is {actor}", place, [said])


def two_supporting_facts(rng: np.random.Generator, max_sentences: int = 20) -> Example:
    """A task-2 story with moves, takes and drops, and a question about an object."""
    length = rng.integers(3, max_sentences + 1)
    world = _World(rng)
    while len(world.sentences) < length or not (world.holder or world.dropped):
        if len(world.sentences) >= max_sentences:  # no object story yet: start again
            world = _World(rng)
        roll = rng.random()
        done = (roll < 0.2 and world.take()) or (0.2 <= roll < 0.3 and world.drop())
        if not done:
            world.move()
    obj = str(rng.choice(sorted([*world.holder, *world.dropped])))
    place, support = world.where_is_object(obj)
    return Example(world.sentences, f"where is the {obj}", place, support)


TASKS = {1: single_supporting_fact, 2: two_supporting_facts}


def generate(task: int, count: int, seed: int = 0, **kwargs) -> list[Example]:
    """``count`` examples of bAbI ``task`` (1 or 2), reproducible from ``seed``."""
    if task not in TASKS:
        raise ValueError(f"task must be one of {sorted(TASKS)}, not {task!r}")
    rng = np.random.default_rng(effective_seed(seed))  # make bench's SEQGEN_SEED shifts it
    return [TASKS[task](rng, **kwargs) for _ in range(count)]


@dataclass
class Encoded:
    """Examples as tensors: ``stories`` (N, M, L) newest sentence first, 0 = padding."""

    stories: torch.Tensor
    questions: torch.Tensor  # (N, L)
    answers: torch.Tensor  # (N,)
    support: torch.Tensor  # (N, M) True where the slot holds a supporting sentence

    def __len__(self) -> int:
        return len(self.answers)

    def batch(self, index: torch.Tensor) -> tuple[tuple[torch.Tensor, torch.Tensor], torch.Tensor]:
        """``((stories, questions), answers)`` rows ``index``: the model's ``(x, targets)``."""
        return (self.stories[index], self.questions[index]), self.answers[index]


def encode(examples: list[Example], memory: int = 20, words: int = 6) -> Encoded:
    """Word indices of ``examples``, keeping each story's ``memory`` most recent sentences."""
    stoi = {w: i for i, w in enumerate(vocabulary())}
    stories = torch.zeros(len(examples), memory, words, dtype=torch.long)
    support = torch.zeros(len(examples), memory, dtype=torch.bool)
    questions = torch.zeros(len(examples), words, dtype=torch.long)
    for n, ex in enumerate(examples):
        for slot, sentence in enumerate(reversed(ex.story[-memory:])):
            stories[n, slot] = _row(sentence, stoi, words)
        for index in ex.support:
            slot = len(ex.story) - 1 - index
            if slot < memory:
                support[n, slot] = True
        questions[n] = _row(ex.question, stoi, words)
    answers = torch.tensor([stoi[ex.answer] for ex in examples])
    return Encoded(stories, questions, answers, support)


def _row(sentence: str, stoi: dict[str, int], words: int) -> torch.Tensor:
    tokens = sentence.split()
    if len(tokens) > words:
        raise ValueError(f"sentence {sentence!r} has more than {words} words")
    return torch.tensor([stoi[w] for w in tokens] + [0] * (words - len(tokens)))


def add_empty_memories(
    stories: torch.Tensor, rate: float, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Insert blank sentences at random slots (about ``rate`` of them), keeping order.

    Sukhbaatar et al.'s *random noise*: the temporal encoding can no longer learn exact
    slot numbers, only "more recent", which generalises better.
    """
    N, M, _ = stories.shape
    blanks = (torch.rand(N, M, generator=generator) < rate).long()  # a blank before slot j
    target = torch.arange(M) + blanks.cumsum(dim=1)  # (N, M) where slot j moves to
    rows = torch.arange(N).unsqueeze(1).expand(N, M)
    fits = target < M  # the oldest sentences fall off the end of memory
    out = torch.zeros_like(stories)
    out[rows[fits], target[fits]] = stories[fits]
    return out
