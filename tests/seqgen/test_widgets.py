import base64

import ipywidgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from seqgen.widgets import WIDGET_MIME, show_widget  # noqa: E402


def test_show_widget_carries_widget_view_and_png():
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    slider = ipywidgets.IntSlider()
    bundle = show_widget(slider, fig, alt="a slider")
    assert bundle[WIDGET_MIME]["model_id"] == slider.model_id
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == "a slider"
    assert not plt.fignum_exists(fig.number)
