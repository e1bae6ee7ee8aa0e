"""Procedurally drawn scenes with captions and per-object masks (numpy only).

A scene is a small RGB image (default 16x16) holding one or two coloured shapes, each in
its own quadrant, and a caption that the image determines exactly::

    one shape:   "a red circle at the top left"
    two shapes:  "a red circle left of a blue square"   (shapes in different columns)
                 "a green cross above a red triangle"    (same column, different rows)

With two shapes the one further left (or, in the same column, further up) is named
first, so every image has exactly one caption. For each caption token, ``token_objects``
says which shape it names (its colour or kind word) or ``-1``, and each shape carries a
pixel mask and a bounding box: chapter 02 learns to caption these scenes and chapter 03
checks that attention lands on the shape being named.
"""

from dataclasses import dataclass, field

import numpy as np

COLOURS = {"red": (1.0, 0.1, 0.1), "green": (0.1, 0.9, 0.1), "blue": (0.15, 0.3, 1.0)}
KINDS = ("square", "circle", "triangle", "cross")
ROWS, COLS = ("top", "bottom"), ("left", "right")
DEFAULT_SIZE = 16


@dataclass(frozen=True)
class Shape:
    """One shape: its kind, colour, quadrant (row, col in {0, 1}) and pixel extent."""

    kind: str
    colour: str
    quadrant: tuple[int, int]
    centre: tuple[float, float]
    radius: int


@dataclass
class Scene:
    """An image (3, H, W) in [0, 1], its shapes, caption and token-to-shape alignment."""

    image: np.ndarray
    shapes: list[Shape]
    caption: str
    token_objects: list[int] = field(default_factory=list)

    def masks(self) -> np.ndarray:
        """Boolean masks of shape (num_shapes, H, W): the pixels each shape covers."""
        size = self.image.shape[-1]
        return np.stack([shape_mask(s, size) for s in self.shapes])

    def boxes(self) -> list[tuple[int, int, int, int]]:
        """Per shape ``(row0, col0, row1, col1)``: the smallest box around it (ends exclusive)."""
        return [mask_box(mask) for mask in self.masks()]


def shape_mask(shape: Shape, size: int = DEFAULT_SIZE) -> np.ndarray:
    """Boolean (size, size) mask of the pixels ``shape`` covers."""
    rows, cols = np.mgrid[0:size, 0:size].astype(float)
    dr, dc = rows - shape.centre[0], cols - shape.centre[1]
    s = shape.radius
    if shape.kind == "square":
        return (np.abs(dr) <= s) & (np.abs(dc) <= s)
    if shape.kind == "circle":
        return dr**2 + dc**2 <= (s + 0.3) ** 2
    if shape.kind == "triangle":  # apex up: wider towards the bottom
        return (dr >= -s) & (dr <= s) & (np.abs(dc) <= (dr + s) / 2 + 0.25)
    if shape.kind == "cross":
        thin = max(0.5, s / 3)
        in_box = (np.abs(dr) <= s) & (np.abs(dc) <= s)
        return in_box & ((np.abs(dr) <= thin) | (np.abs(dc) <= thin))
    raise ValueError(f"unknown shape kind {shape.kind!r}; known: {KINDS}")


def draw(shapes: list[Shape], size: int = DEFAULT_SIZE, noise: float = 0.0, rng=None) -> np.ndarray:
    """Paint ``shapes`` on a black (3, size, size) float32 canvas, plus optional Gaussian noise."""
    image = np.zeros((3, size, size), dtype=np.float32)
    for shape in shapes:
        image[:, shape_mask(shape, size)] = np.array(COLOURS[shape.colour], dtype=np.float32)[
            :, None
        ]
    if noise > 0:
        rng = np.random.default_rng(rng)
        image = np.clip(image + rng.normal(0, noise, image.shape), 0, 1).astype(np.float32)
    return image


def caption(shapes: list[Shape]) -> tuple[str, list[int]]:
    """The caption of ``shapes`` and, per token, the index of the shape it names (-1: none)."""
    if len(shapes) == 1:
        (s,) = shapes
        row, col = ROWS[s.quadrant[0]], COLS[s.quadrant[1]]
        words = ["a", s.colour, s.kind, "at", "the", row, col]
        return " ".join(words), [-1, 0, 0, -1, -1, -1, -1]
    if len(shapes) != 2:
        raise ValueError(f"a scene holds one or two shapes, not {len(shapes)}")
    first, second = sorted(range(2), key=lambda i: (shapes[i].quadrant[1], shapes[i].quadrant[0]))
    a, b = shapes[first], shapes[second]
    relation = ["left", "of"] if a.quadrant[1] != b.quadrant[1] else ["above"]
    words = ["a", a.colour, a.kind, *relation, "a", b.colour, b.kind]
    owners = [-1, first, first] + [-1] * len(relation) + [-1, second, second]
    return " ".join(words), owners


def random_shape(rng: np.random.Generator, quadrant: tuple[int, int], size: int) -> Shape:
    """A shape of random kind, colour and size, at a random spot inside ``quadrant``.

    Centres and radii are whole pixels so that every shape is drawn symmetrically.
    """
    half = size // 2
    radius = int(rng.integers(max(2, half // 4), max(3, 3 * half // 8) + 1))
    centre = tuple(float(q * half + rng.integers(radius, half - radius)) for q in quadrant)
    return Shape(str(rng.choice(KINDS)), str(rng.choice(list(COLOURS))), quadrant, centre, radius)


def random_scene(
    rng: np.random.Generator,
    num_shapes: int | None = None,
    size: int = DEFAULT_SIZE,
    noise: float = 0.0,
) -> Scene:
    """One scene with ``num_shapes`` (1 or 2; random if None) shapes in distinct quadrants."""
    if size < 8:
        raise ValueError(f"scenes need size >= 8 to draw a shape per quadrant, not {size}")
    count = int(rng.integers(1, 3)) if num_shapes is None else num_shapes
    if count not in (1, 2):
        raise ValueError(f"num_shapes must be 1, 2 or None, not {num_shapes}")
    cells = [(r, c) for r in range(2) for c in range(2)]
    picked = rng.choice(len(cells), size=count, replace=False)
    shapes = [random_shape(rng, cells[i], size) for i in picked]
    text, owners = caption(shapes)
    return Scene(draw(shapes, size, noise, rng), shapes, text, owners)


def make_scenes(
    num_scenes: int,
    seed: int = 0,
    num_shapes: int | None = None,
    size: int = DEFAULT_SIZE,
    noise: float = 0.0,
) -> list[Scene]:
    """``num_scenes`` random scenes, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    return [random_scene(rng, num_shapes, size, noise) for _ in range(num_scenes)]


def caption_words() -> list[str]:
    """Every word a caption can use, sorted (for building a vocabulary)."""
    words = {"a", "at", "the", "left", "of", "above", *COLOURS, *KINDS, *ROWS, *COLS}
    return sorted(words)


def mask_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """``(row0, col0, row1, col1)`` of the smallest box holding every True pixel of ``mask``."""
    rows, cols = np.nonzero(mask)
    if len(rows) == 0:
        raise ValueError("the mask is empty: it has no box")
    return int(rows.min()), int(cols.min()), int(rows.max()) + 1, int(cols.max()) + 1


def pool_mask(mask: np.ndarray, grid: int) -> np.ndarray:
    """Fraction of each of ``grid x grid`` regions a (H, W) mask covers (for attention maps)."""
    h, w = mask.shape
    if h % grid or w % grid:
        raise ValueError(f"mask of shape {mask.shape} does not split into a {grid}x{grid} grid")
    return mask.reshape(grid, h // grid, grid, w // grid).mean(axis=(1, 3))


def stack_images(scenes: list[Scene]) -> np.ndarray:
    """The images of ``scenes`` as one float32 array of shape (N, 3, H, W)."""
    if not scenes:
        raise ValueError("no scenes to stack")
    return np.stack([scene.image for scene in scenes])
