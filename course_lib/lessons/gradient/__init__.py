"""Lección del gradiente y el descenso del gradiente (notebook 02, ``02_descenso_del_gradiente``)."""

from course_lib.lessons.gradient.compute import numerical_gradient

__all__ = ["numerical_gradient"]
