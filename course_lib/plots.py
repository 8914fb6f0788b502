"""Figuras del curso: figura en vivo, rejillas de imágenes, curvas de aprendizaje,
matriz de confusión y ejemplos mal clasificados.

Todas las funciones crean figuras con ``matplotlib.figure.Figure`` (sin el estado global de
``pyplot``) y las devuelven, de modo que se pueden probar sin pantalla. Para mostrar una figura
en el notebook usa :func:`show` o :class:`LiveFigure`.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure


def figure_to_png(fig: Figure, dpi: int = 100) -> bytes:
    """Convierte una figura en los bytes de una imagen PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


class LiveFigure:
    """Una figura que se actualiza en su sitio dentro de la salida de una celda.

    La primera llamada a :meth:`update` muestra la imagen; las siguientes la sustituyen
    (mensaje ``update_display_data`` de Jupyter), sin borrar el resto de la salida de la
    celda. Funciona en JupyterLab, Notebook 7, VS Code y Colab. Donde no hay interfaz en vivo
    (nbval, nbconvert, HTML exportado) queda guardada la última imagen como figura estática.
    """

    def __init__(self, dpi: int = 100):
        self.dpi = dpi
        self._handle = None
        self.updates = 0
        self.last_png: bytes | None = None

    def update(self, fig: Figure) -> None:
        """Muestra ``fig`` (o sustituye la imagen mostrada antes por ``fig``)."""
        from IPython.display import Image, display

        self.last_png = figure_to_png(fig, dpi=self.dpi)
        image = Image(data=self.last_png, format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)
        self.updates += 1


def show(fig: Figure, dpi: int = 100) -> None:
    """Muestra una figura como imagen estática en la salida de la celda."""
    LiveFigure(dpi=dpi).update(fig)
