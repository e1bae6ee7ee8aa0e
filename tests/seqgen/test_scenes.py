import numpy as np
import pytest

from seqgen import scenes
from seqgen.scenes import KINDS, Shape, caption, draw, make_scenes, mask_box, pool_mask, shape_mask


def test_scenes_are_reproducible_and_in_range():
    a, b = make_scenes(20, seed=3), make_scenes(20, seed=3)
    assert [s.caption for s in a] == [s.caption for s in b]
    assert all(np.array_equal(x.image, y.image) for x, y in zip(a, b, strict=True))
    for scene in a:
        assert scene.image.shape == (3, 16, 16) and scene.image.dtype == np.float32
        assert 0 <= scene.image.min() and scene.image.max() <= 1


def test_each_shape_stays_in_its_quadrant_and_shapes_do_not_overlap():
    for scene in make_scenes(300, seed=1):
        masks = scene.masks()
        assert masks.sum(axis=0).max() == 1, "two shapes share a pixel"
        for shape, mask in zip(scene.shapes, masks, strict=True):
            r0, c0, r1, c1 = mask_box(mask)
            qr, qc = shape.quadrant
            assert qr * 8 <= r0 and r1 <= qr * 8 + 8 and qc * 8 <= c0 and c1 <= qc * 8 + 8
            assert mask.sum() >= 5, f"{shape.kind} too small to see"


def test_the_image_shows_each_shape_in_its_colour_on_its_mask_only():
    for scene in make_scenes(50, seed=2):
        lit = scene.image.sum(axis=0) > 0
        assert np.array_equal(lit, scene.masks().any(axis=0))
        for shape, mask in zip(scene.shapes, scene.masks(), strict=True):
            colour = np.array(scenes.COLOURS[shape.colour])
            assert np.allclose(scene.image[:, mask].T, colour)


def test_kinds_have_different_masks():
    masks = [shape_mask(Shape(k, "red", (0, 0), (4.0, 4.0), 3)).tobytes() for k in KINDS]
    assert len(set(masks)) == len(KINDS)


def test_one_shape_caption_names_colour_kind_and_quadrant():
    shape = Shape("circle", "blue", (1, 0), (12.0, 4.0), 2.0)
    text, owners = caption([shape])
    assert text == "a blue circle at the bottom left"
    assert owners == [-1, 0, 0, -1, -1, -1, -1]


def test_two_shape_caption_names_the_left_then_the_upper_shape_first():
    right = Shape("square", "red", (0, 1), (4.0, 12.0), 2.0)
    left = Shape("cross", "green", (1, 0), (12.0, 4.0), 2.0)
    text, owners = caption([right, left])
    assert text == "a green cross left of a red square"
    assert owners == [-1, 1, 1, -1, -1, -1, 0, 0]
    low = Shape("triangle", "blue", (1, 1), (12.0, 12.0), 2.0)
    text, owners = caption([low, right])
    assert text == "a red square above a blue triangle"
    assert owners == [-1, 1, 1, -1, -1, 0, 0]


def test_captions_use_only_listed_words_and_align_token_by_token():
    vocabulary = set(scenes.caption_words())
    for scene in make_scenes(200, seed=4):
        words = scene.caption.split()
        assert set(words) <= vocabulary
        assert len(words) == len(scene.token_objects)
        for word, owner in zip(words, scene.token_objects, strict=True):
            if owner >= 0:
                assert word in (scene.shapes[owner].colour, scene.shapes[owner].kind)


def test_num_shapes_is_respected_and_both_counts_occur_by_default():
    assert {len(s.shapes) for s in make_scenes(30, seed=0, num_shapes=2)} == {2}
    assert {len(s.shapes) for s in make_scenes(60, seed=0)} == {1, 2}


def test_noise_changes_the_background_but_keeps_range():
    scene = make_scenes(1, seed=0, noise=0.1)[0]
    assert scene.image.min() >= 0 and scene.image.max() <= 1
    assert (scene.image.sum(axis=0) > 0).mean() > 0.5


def test_pool_mask_gives_the_covered_fraction_per_region():
    mask = np.zeros((16, 16), dtype=bool)
    mask[0:4, 0:4] = True
    pooled = pool_mask(mask, 4)
    assert pooled.shape == (4, 4) and pooled[0, 0] == 1 and pooled.sum() == 1
    with pytest.raises(ValueError, match="grid"):
        pool_mask(mask, 5)


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="one or two"):
        caption([])
    with pytest.raises(ValueError, match="num_shapes"):
        make_scenes(1, num_shapes=3)
    with pytest.raises(ValueError, match="unknown shape"):
        draw([Shape("star", "red", (0, 0), (4.0, 4.0), 2.0)])
    with pytest.raises(ValueError, match="empty"):
        mask_box(np.zeros((4, 4), dtype=bool))


def test_stack_images_keeps_order():
    batch = make_scenes(5, seed=9)
    stacked = scenes.stack_images(batch)
    assert stacked.shape == (5, 3, 16, 16)
    assert np.array_equal(stacked[3], batch[3].image)
    with pytest.raises(ValueError, match="no scenes"):
        scenes.stack_images([])
