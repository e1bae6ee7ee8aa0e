"""Show an ipywidget live in Jupyter and a static picture in the rendered book.

:func:`show_widget` displays one output carrying both the widget view and a PNG.
Jupyter renders the widget; the book build is told (``nb_mime_priority_overrides`` in
``_config.yml``) to prefer the PNG, so no kernel is needed to read the page.
"""

import base64
import io

import ipywidgets
import matplotlib.pyplot as plt
from IPython.display import display

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def figure_png(fig: plt.Figure) -> str:
    """Base64 PNG of ``fig``; the figure is closed so it is not shown twice."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def show_widget(widget: ipywidgets.Widget, fallback: plt.Figure, alt: str) -> dict:
    """Display ``widget`` live, with ``fallback`` as its static stand-in; return the bundle."""
    bundle = {
        WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": widget.model_id},
        "image/png": figure_png(fallback),
        "text/plain": alt,
    }
    display(bundle, raw=True)
    return bundle
